package org.strokekg.ingest.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * JSON Lines: one object per line (blank lines and lines starting with {@code #} skipped, unless they are over-long
 * or hold bad bytes: then they are errors like any other), triples or passages. Keys
 * outside the documented set, repeated keys and values of the wrong JSON type are line errors.
 */
final class JsonLinesReader implements RecordReader {

    /** Builds the item of one line from its object; errors already found on the line come in {@code errors}. */
    @FunctionalInterface
    interface ObjectMapperFn {
        Parsed<IngestItem> map(long line, Fields fields, List<LineError> errors);
    }

    static final List<String> TRIPLE_KEYS = List.of("subject", "subject_type", "predicate", "object", "object_type", "source",
            "evidence", "confidence");
    static final List<String> PASSAGE_KEYS = List.of("id", "title", "text", "source", "entities", "topic", "lang",
            "translation_of", "population");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Typed access to one line's object; type mismatches are added to the line's errors. */
    static final class Fields {
        private final long line;
        private final JsonNode node;
        private final List<LineError> errors;

        Fields(long line, JsonNode node, List<LineError> errors) {
            this.line = line;
            this.node = node;
            this.errors = errors;
        }

        /** The string under {@code key}; null when absent or JSON null (the validator says "missing" where required). */
        String text(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                errors.add(new LineError(line, key, "expected a string, found " + kind(v)));
                return "";
            }
            return v.asText();
        }

        /** A number or a numeric string, as text, for the validator to range-check. */
        String number(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return "";
            }
            if (v.isNumber() || v.isTextual()) {
                return v.asText();
            }
            errors.add(new LineError(line, key, "expected a number, found " + kind(v)));
            return "";
        }

        List<String> strings(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return List.of();
            }
            if (!v.isArray()) {
                errors.add(new LineError(line, key, "expected an array of strings, found " + kind(v)));
                return List.of();
            }
            List<String> out = new ArrayList<>(v.size());
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    errors.add(new LineError(line, key, "expected an array of strings, found an element that is " + kind(e)));
                    return List.of();
                }
                out.add(e.asText());
            }
            return out;
        }

        private static String kind(JsonNode v) {
            return switch (v.getNodeType()) {
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case STRING -> "a string";
                default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }

    private final LineSource lines;
    private final List<String> keys;
    private final ObjectMapperFn mapper;
    private boolean any;

    JsonLinesReader(LineSource lines, List<String> keys, ObjectMapperFn mapper) {
        this.lines = lines;
        this.keys = keys;
        this.mapper = mapper;
    }

    @Override
    public boolean next(List<Parsed<IngestItem>> out) throws IOException {
        LineSource.Line l;
        do {
            l = lines.next();
            if (l == null) {
                if (!any) {
                    // an empty upload is a mistake more often than an intent
                    any = true;
                    long at = Math.max(1, lines.lines());
                    out.add(new Parsed.Bad<>(at, List.of(new LineError(at, "line", "no JSON object in the file"))));
                    return true;
                }
                return false;
            }
        } while (l.problems().isEmpty() && (l.text().isBlank() || l.text().charAt(0) == '#'));
        any = true;
        long n = l.number();
        List<LineError> errors = new ArrayList<>(l.problems());
        if (!errors.isEmpty() && l.text().isBlank()) {
            // an over-long line is kept empty: its own problem says what is wrong, not "invalid JSON"
            out.add(new Parsed.Bad<>(n, errors));
            return true;
        }
        JsonNode node;
        try {
            node = JSON.readTree(l.text());
        } catch (JsonProcessingException e) {
            errors.add(new LineError(n, "line", "invalid JSON: " + e.getOriginalMessage()));
            out.add(new Parsed.Bad<>(n, errors));
            return true;
        }
        if (node == null || !node.isObject()) {
            errors.add(new LineError(n, "line", "expected one JSON object on the line"));
            out.add(new Parsed.Bad<>(n, errors));
            return true;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                errors.add(new LineError(n, key, "unknown key; expected " + String.join(", ", keys)));
            }
        }
        out.add(mapper.map(n, new Fields(n, node, errors), errors));
        return true;
    }

    @Override
    public long lines() {
        return lines.lines();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
