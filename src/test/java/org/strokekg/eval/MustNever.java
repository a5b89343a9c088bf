package org.strokekg.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.rag.Answer;
import org.strokekg.text.TextNormalizer;

/**
 * The labelled must/never file ({@code src/test/resources/eval/must-never.jsonl}): questions with what their answer
 * must state and must never state, checked on what the answer states: its text (the emergency notice left out) and
 * the graph facts it cites, each of which is one plain sentence ("脑出血可出现高血压"), all folded for matching
 * (either script, any case). Fields of a line:
 * <ul>
 *   <li>{@code id}, {@code class} (the failure class of issues 17, 18 and 22), {@code question}, {@code note};</li>
 *   <li>{@code states}: {@code seed} (the curated seed alone) and/or {@code noisy} (seed + the committed noisy crawl
 *       slice); both when absent;</li>
 *   <li>{@code must}: each element a string or a list of alternatives, every element stated;</li>
 *   <li>{@code never}: strings none of which is stated; {@code never_pattern}: a regular expression over the folded
 *       text that must not match;</li>
 *   <li>{@code emergency}: {@code none}, {@code URGENT} or {@code INFO}: the notice the answer must carry;</li>
 *   <li>{@code english_only}: no Chinese character in the answer's sentences outside 「」 quotes;</li>
 *   <li>{@code checkable_citations}: each sentence citing a passage is found in that citation's text;</li>
 *   <li>{@code differs_from}: another entry's id whose answer must not be the same text (sub-questions of a case);</li>
 *   <li>{@code min_trust}: the {@code minTrust} the question is asked with ({@code unreviewed} for the hygiene of
 *       unreviewed knowledge); the deployment's default when absent;</li>
 *   <li>{@code known_failure}: a reason string (every state) or an object by state: today's code fails it, the test
 *       is skipped with the reason; once it passes the test fails until the mark is removed.</li>
 * </ul>
 */
record MustNever(String id, String failureClass, String question, List<String> states, List<List<String>> must,
                 List<String> never, Optional<Pattern> neverPattern, Optional<String> emergency, boolean englishOnly,
                 boolean checkableCitations, Optional<String> differsFrom, Map<String, String> knownFailure,
                 Optional<String> minTrust) {

    static final String SEED = "seed";
    static final String NOISY = "noisy";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUOTED = Pattern.compile("「[^」]*」");
    private static final Pattern MARK = Pattern.compile("\\[(\\d+)]");

    static List<MustNever> read(Path file) {
        List<MustNever> out = new ArrayList<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                if (!line.isBlank()) {
                    out.add(parse(JSON.readTree(line), n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static MustNever parse(JsonNode j, int line) {
        List<String> states = strings(j.path("states"));
        List<List<String>> must = new ArrayList<>();
        j.path("must").forEach(m -> must.add(m.isArray() ? strings(m) : List.of(m.asText())));
        Map<String, String> known = new TreeMap<>();
        JsonNode k = j.path("known_failure");
        if (k.isTextual()) {
            known.put(SEED, k.asText());
            known.put(NOISY, k.asText());
        } else {
            k.properties().forEach(e -> known.put(e.getKey(), e.getValue().asText()));
        }
        String id = j.path("id").asText("line " + line);
        return new MustNever(id, j.path("class").asText(""), j.path("question").asText(),
                states.isEmpty() ? List.of(SEED, NOISY) : states, must, strings(j.path("never")),
                Optional.ofNullable(j.path("never_pattern").textValue()).map(Pattern::compile),
                Optional.ofNullable(j.path("emergency").textValue()), j.path("english_only").asBoolean(false),
                j.path("checkable_citations").asBoolean(false), Optional.ofNullable(j.path("differs_from").textValue()),
                known, Optional.ofNullable(j.path("min_trust").textValue()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** What the answer states, folded: its text without the emergency notice, and the cited graph facts. */
    static String stated(Answer a) {
        StringBuilder s = new StringBuilder(Units.body(a));
        a.citations().stream().filter(c -> c.kind().equals("graph")).forEach(c -> s.append('\n').append(c.text()));
        return TextNormalizer.forMatching(s.toString());
    }

    /** The problems of this answer (empty: it passes); {@code others} holds the answers of the other entries. */
    List<String> problems(Answer a, Map<String, Answer> others) {
        List<String> problems = new ArrayList<>();
        String stated = stated(a);
        for (List<String> alternatives : must) {
            if (alternatives.stream().noneMatch(m -> stated.contains(TextNormalizer.forMatching(m)))) {
                problems.add("must state " + String.join(" or ", alternatives));
            }
        }
        for (String n : never) {
            if (stated.contains(TextNormalizer.forMatching(n))) {
                problems.add("must never state " + n);
            }
        }
        neverPattern.ifPresent(p -> {
            Matcher m = p.matcher(stated);
            if (m.find()) {
                problems.add("must never state /" + p.pattern() + "/: " + m.group());
            }
        });
        emergency.ifPresent(e -> {
            String got = a.emergency().map(Answer.Emergency::level).orElse("none");
            if (!got.equals(e)) {
                problems.add("emergency notice " + got + ", wanted " + e);
            }
        });
        if (englishOnly) {
            String outside = QUOTED.matcher(Units.body(a)).replaceAll("");
            if (outside.codePoints().anyMatch(Character::isIdeographic)) {
                problems.add("Chinese inside an English answer");
            }
        }
        if (checkableCitations) {
            problems.addAll(uncheckable(a));
        }
        differsFrom.ifPresent(other -> {
            Answer o = others.get(other);
            if (o != null && Units.body(o).equals(Units.body(a))) {
                problems.add("the same answer as " + other);
            }
        });
        return problems;
    }

    /** Units citing a passage whose words the citation's text does not hold. */
    private static List<String> uncheckable(Answer a) {
        List<String> out = new ArrayList<>();
        for (String unit : Units.units(Units.body(a))) {
            Matcher m = MARK.matcher(unit);
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                a.citations().stream().filter(c -> c.n() == n && c.kind().equals("passage")).findFirst().ifPresent(c -> {
                    String claim = TextNormalizer.forMatching(MARK.matcher(unit).replaceAll(""))
                            .replaceAll("^[、，,和及与]+|[。！？.!?；;]+$", "").strip();
                    if (!TextNormalizer.forMatching(c.text()).contains(claim)) {
                        out.add("citation [" + n + "] shows \"" + c.text() + "\", not the sentence it supports");
                    }
                });
            }
        }
        return out;
    }
}
