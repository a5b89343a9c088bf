package org.strokekg.ingest.read;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of a CSV (RFC 4180) or TSV file over {@link LineSource}. A field that starts with a double quote is quoted: it
 * may hold delimiters, doubled quotes and line breaks, so a record can span lines and is numbered by its first. A quote
 * inside an unquoted field is kept as written (lenient, as spreadsheet exports need). Blank lines and lines starting
 * with {@code #} between records are skipped.
 */
final class DelimitedRows implements Closeable {

    /** One record: its first line, its fields as written, and problems (bad bytes, broken quoting) found while reading it. */
    record Row(long line, List<String> fields, List<LineError> problems) {
    }

    private final LineSource lines;
    private final char delimiter;

    DelimitedRows(LineSource lines, char delimiter) {
        this.lines = lines;
        this.delimiter = delimiter;
    }

    /** The next record, or null at the end of input. */
    Row next() throws IOException {
        LineSource.Line line;
        do {
            line = lines.next();
            if (line == null) {
                return null;
            }
        } while (skippable(line));
        long first = line.number();
        List<LineError> problems = new ArrayList<>(line.problems());
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String text = line.text();
        int i = 0;
        int spanned = 1;
        while (true) {
            field.setLength(0);
            if (i < text.length() && text.charAt(i) == '"') {
                // quoted field: runs to the quote not followed by another, across line breaks
                i++;
                boolean closed = false;
                while (!closed) {
                    if (i >= text.length()) {
                        LineSource.Line more = spanned < IngestLimits.MAX_RECORD_LINES ? lines.next() : null;
                        if (more == null) {
                            problems.add(new LineError(first, "line", "quoted field not closed (opened on line " + first + ")"));
                            fields.add(field.toString());
                            return new Row(first, fields, problems);
                        }
                        spanned++;
                        problems.addAll(more.problems());
                        field.append('\n');
                        text = more.text();
                        i = 0;
                        continue;
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < text.length() && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            closed = true;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < text.length() && text.charAt(i) != delimiter) {
                    problems.add(new LineError(first, "line",
                            "unexpected text after the closing quote of field " + (fields.size() + 1)));
                    while (i < text.length() && text.charAt(i) != delimiter) {
                        i++;
                    }
                }
            } else {
                int end = text.indexOf(delimiter, i);
                if (end < 0) {
                    end = text.length();
                }
                field.append(text, i, end);
                i = end;
            }
            fields.add(field.toString());
            if (i >= text.length()) {
                return new Row(first, fields, problems);
            }
            i++; // the delimiter
        }
    }

    /**
     * A blank or comment line between records, unless something is wrong with it: an over-long line (kept empty) or
     * one with bad bytes is an error on its line, never silently passed over.
     */
    private static boolean skippable(LineSource.Line line) {
        String text = line.text();
        return line.problems().isEmpty() && (text.isBlank() || text.charAt(0) == '#');
    }

    long lines() {
        return lines.lines();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
