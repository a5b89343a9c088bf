package org.strokekg.ingest.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Markdown passages: each passage opens with a front-matter block, a line {@code ---} directly followed by a line
 * {@code id: …}, then {@code key: value} lines (id, title, source, entities, topic, lang, translation_of, population) up to a closing {@code ---}; its text
 * runs to the next block or the end of the file. Any other {@code ---} line is text (a Markdown rule). A passage is
 * numbered by its opening {@code ---}. The exact shape is in ingest/MAPPINGS.md.
 */
final class MarkdownPassageReader implements RecordReader {

    static final List<String> KEYS = List.of("id", "title", "source", "entities", "topic", "lang", "translation_of",
            "population");

    private final LineSource lines;
    private final Validator validator;
    private LineSource.Line pending;
    private LineSource.Line lookahead;
    private boolean started;

    MarkdownPassageReader(LineSource lines, Validator validator) {
        this.lines = lines;
        this.validator = validator;
    }

    @Override
    public boolean next(List<Parsed<IngestItem>> out) throws IOException {
        if (!started) {
            started = true;
            // anything but blank lines before the first block is an error, reported once
            LineSource.Line l;
            LineSource.Line firstText = null;
            while ((l = read()) != null && !opens(l)) {
                if (firstText == null && (!l.text().isBlank() || !l.problems().isEmpty())) {
                    firstText = l;
                }
            }
            pending = l;
            if (firstText != null) {
                List<LineError> errors = new ArrayList<>(firstText.problems());
                errors.add(new LineError(firstText.number(), "line",
                        "text before the first front-matter block (a passage starts with ---, then id: …)"));
                out.add(new Parsed.Bad<>(firstText.number(), errors));
                if (pending == null) {
                    return true;
                }
            } else if (pending == null) {
                out.add(new Parsed.Bad<>(Math.max(1, lines.lines()), List.of(new LineError(Math.max(1, lines.lines()), "line",
                        "no passage: a passage starts with a line ---, then id: …"))));
                return true;
            }
        }
        if (pending == null) {
            return !out.isEmpty();
        }
        long start = pending.number();
        List<LineError> errors = new ArrayList<>(pending.problems());
        Map<String, String> values = new HashMap<>();   // the single-valued keys: id, title, source, topic, lang…
        List<String> entities = List.of();
        boolean closed = false;
        LineSource.Line l;
        while ((l = read()) != null) {
            errors.addAll(l.problems());
            String t = l.text();
            if (t.strip().equals("---")) {
                closed = true;
                break;
            }
            if (t.isBlank()) {
                continue;
            }
            int colon = t.indexOf(':');
            String key = colon < 0 ? "" : t.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                errors.add(new LineError(l.number(), colon < 0 ? "line" : key,
                        (colon < 0 ? "expected key: value" : "unknown key") + " in front matter; keys are " + String.join(", ", KEYS)));
                continue;
            }
            String value = unquote(t.substring(colon + 1).strip());
            if (key.equals("entities")) {
                entities = list(value);
            } else if (values.putIfAbsent(key, value) != null) {
                errors.add(new LineError(l.number(), key, "given twice"));
            }
        }
        StringBuilder text = new StringBuilder();
        if (!closed) {
            errors.add(new LineError(start, "line", "front matter not closed by a line ---"));
            pending = null;
        } else {
            while ((l = read()) != null && !opens(l)) {
                errors.addAll(l.problems());
                text.append(l.text()).append('\n');
            }
            pending = l;
        }
        out.add(validator.passage(start, values.get("id"), values.get("title"), text.toString(), values.get("source"),
                entities, values.get("topic"), values.get("lang"), values.get("translation_of"),
                values.get("population"), errors));
        return true;
    }

    /** A line {@code ---} whose next line starts with {@code id:}; peeks one line ahead. */
    private boolean opens(LineSource.Line l) throws IOException {
        if (!l.text().strip().equals("---")) {
            return false;
        }
        if (lookahead == null) {
            lookahead = lines.next();
        }
        return lookahead != null && lookahead.text().stripLeading().toLowerCase(Locale.ROOT).startsWith("id:");
    }

    private LineSource.Line read() throws IOException {
        if (lookahead != null) {
            LineSource.Line l = lookahead;
            lookahead = null;
            return l;
        }
        return lines.next();
    }

    /** {@code [a, b]}, {@code a, b} or {@code a、b}; items may be quoted. */
    static List<String> list(String value) {
        String v = value.strip();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String part : v.split("[,，、]")) {
            String item = unquote(part.strip());
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1).strip();
        }
        return v;
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
