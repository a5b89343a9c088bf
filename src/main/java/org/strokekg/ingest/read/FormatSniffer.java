package org.strokekg.ingest.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.strokekg.error.InvalidInputException;

/**
 * Tells a file's format from its name and its first bytes: the extension says which family ({@code .csv}/{@code .tsv},
 * {@code .jsonl}, {@code .json}, {@code .md}), the header or first object says which kind (triples, entities, aliases,
 * passages, the xywy crawl). Without a known extension the content alone decides.
 */
final class FormatSniffer {

    private static final Pattern XYWY_START = Pattern.compile("\\A\\s*\\{\\s*\"\\d+\"\\s*:\\s*\\{");
    private static final ObjectMapper JSON = new ObjectMapper();

    private FormatSniffer() {
    }

    static IngestFormat detect(String fileName, byte[] head, int length) {
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        String ext = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1);
        IngestFormat f = switch (ext) {
            case "md", "markdown" -> IngestFormat.PASSAGES_MD;
            case "jsonl", "ndjson" -> {
                IngestFormat j = jsonLines(firstLine(text));
                // undecided JSON Lines are read as triples, so their first bad line is reported rather than their name
                yield j != null ? j : IngestFormat.JSONL;
            }
            case "json" -> json(text);
            case "csv", "tsv", "txt" -> {
                IngestFormat t = table(firstLine(text));
                // an undecided .csv/.tsv is read as triples, so its header problems are reported rather than its name
                yield t != null || ext.equals("txt") ? t : ext.equals("tsv") ? IngestFormat.TSV : IngestFormat.CSV;
            }
            default -> content(text);
        };
        if (f == null) {
            throw new InvalidInputException("format", "cannot tell the format of \"" + fileName
                    + "\" from its name and first lines; name it (one of " + IngestFormat.ids() + ")");
        }
        return f;
    }

    /** The delimiter of an entity or alias table: tab when the header has one, else comma. */
    static char delimiter(byte[] head, int length) {
        return firstLine(new String(head, 0, length, StandardCharsets.UTF_8)).indexOf('\t') >= 0 ? '\t' : ',';
    }

    private static IngestFormat content(String text) {
        String t = text.stripLeading();
        if (t.startsWith("---")) {
            return IngestFormat.PASSAGES_MD;
        }
        if (t.startsWith("{")) {
            return json(text);
        }
        return table(firstLine(text));
    }

    private static IngestFormat json(String text) {
        if (XYWY_START.matcher(text).lookingAt()) {
            return IngestFormat.XYWY;
        }
        return jsonLines(firstLine(text));
    }

    private static IngestFormat jsonLines(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node != null && node.isObject()) {
                if (node.has("subject") || node.has("predicate")) {
                    return IngestFormat.JSONL;
                }
                if (node.has("text") || node.has("title")) {
                    return IngestFormat.PASSAGES_JSONL;
                }
            }
        } catch (Exception e) {
            // not one object on the first line: not JSON Lines we know
        }
        return null;
    }

    private static IngestFormat table(String header) {
        boolean tabs = header.indexOf('\t') >= 0;
        List<String> cols = new ArrayList<>();
        for (String c : header.split(tabs ? "\t" : ",", -1)) {
            cols.add(c.strip().replace("\"", "").toLowerCase(Locale.ROOT));
        }
        if (cols.contains("canonical") && cols.contains("alias")) {
            return IngestFormat.ALIASES;
        }
        if (cols.size() > 2 && cols.get(0).equals("name") && cols.get(1).equals("alias") && cols.get(2).equals("part")) {
            return IngestFormat.DISEASE_CSV_ALIASES;
        }
        if (cols.contains("subject") || cols.contains("predicate")) {
            // the header's delimiter wins over the extension: spreadsheets save tab-separated text as .csv too
            return tabs ? IngestFormat.TSV : IngestFormat.CSV;
        }
        if (cols.contains("name") && cols.contains("type")) {
            return IngestFormat.ENTITIES;
        }
        return null;
    }

    /** The first line that is neither blank nor a # comment. */
    private static String firstLine(String text) {
        for (String line : text.split("\r?\n", 50)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                return line;
            }
        }
        return "";
    }
}
