package org.strokekg.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strokekg.error.InvalidInputException;

/**
 * The question sets: the two public ones under {@code ../shared/data} (read from there, never copied into the repo),
 * the team's labelled set, or any JSONL file with {@code question} and {@code reference_answer} per line (other
 * fields are read where they are the public sets': id, lang, type, source, context, options, answer_key,
 * derived_from).
 */
public final class QaSets {

    /** The public stroke development set: 276 items, en / zh / zh-Hant, exam items with options and key. */
    public static final String STROKE_DEV = "stroke-dev";
    /** The public non-stroke sample: 2,000 Chinese patient questions and clinical cases the crawl covers. */
    public static final String NONSTROKE = "nonstroke";
    /** The team's own 78 labelled stroke questions (in the repository). */
    public static final String LABELLED = "labelled";
    public static final String LABELLED_FILE = "src/test/resources/eval/stroke-eval.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private QaSets() {
    }

    /** The file of a named set ({@code stroke-dev}, {@code nonstroke}, {@code labelled}), or the name as a path. */
    public static Path file(String nameOrFile, Path sharedData) {
        return switch (nameOrFile) {
            case STROKE_DEV -> sharedData.resolve("qa-stroke-dev/stroke_qa_dev.jsonl");
            case NONSTROKE -> sharedData.resolve("qa/medical_qa_sample_nonstroke.jsonl");
            case LABELLED -> Path.of(LABELLED_FILE);
            default -> Path.of(nameOrFile);
        };
    }

    /** The set's name in reports: the named set's name, or the file's name without .jsonl. */
    public static String name(String nameOrFile) {
        return switch (nameOrFile) {
            case STROKE_DEV, NONSTROKE, LABELLED -> nameOrFile;
            default -> Path.of(nameOrFile).getFileName().toString().replaceFirst("\\.jsonl$", "");
        };
    }

    /** Reads a named set or a file. */
    public static List<QaItem> read(String nameOrFile, Path sharedData) {
        Path file = file(nameOrFile, sharedData);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("--set", "no such file: " + file
                    + (nameOrFile.equals(file.toString()) ? "" : " (the shared data: --shared)"));
        }
        return read(file, name(nameOrFile));
    }

    /** Every item of a JSONL file; a line without a question or a reference answer is an error naming the line. */
    public static List<QaItem> read(Path file, String set) {
        List<QaItem> items = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    items.add(item(parse(line, n, file), n, set, file));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("FILE", "cannot read " + file + ": " + e.getMessage(), e);
        }
        return items;
    }

    private static JsonNode parse(String line, int n, Path file) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new InvalidInputException(file.getFileName() + " line " + n, "not JSON: " + e.getMessage(), e);
        }
    }

    private static QaItem item(JsonNode j, int n, String set, Path file) {
        String where = file.getFileName() + " line " + n;
        String question = text(j, "question");
        String reference = text(j, "reference_answer");
        if (question.isBlank()) {
            throw new InvalidInputException(where, "question is missing");
        }
        if (reference.isBlank()) {
            throw new InvalidInputException(where, "reference_answer is missing");
        }
        Map<String, String> options = new LinkedHashMap<>();
        j.path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText("")));
        String id = text(j, "id");
        return new QaItem(id.isBlank() ? set + "-" + n : id, set, lang(text(j, "lang"), question), text(j, "type"),
                text(j, "source").isBlank() ? set : text(j, "source"), question, text(j, "context"), reference,
                options, text(j, "answer_key"), text(j, "derived_from"));
    }

    /** en, zh or zh-Hant: the item's own lang (the team's set writes zh-Hans), else en when no Han character. */
    static String lang(String given, String question) {
        return switch (given) {
            case "en", "zh-Hant" -> given;
            case "zh", "zh-Hans" -> "zh";
            default -> question.codePoints().anyMatch(Character::isIdeographic) ? "zh" : "en";
        };
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j.path(field);
        return v.isNull() || v.isMissingNode() ? "" : v.asText("");
    }
}
