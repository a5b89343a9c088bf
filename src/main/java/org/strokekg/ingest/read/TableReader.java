package org.strokekg.ingest.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CSV or TSV file with a header naming its columns (any order, case-insensitive): triples, entities or aliases. The
 * header must hold every required column and nothing unknown; each record must have as many fields as the header.
 * A bad header rejects the file at the header's line and nothing further is read.
 */
final class TableReader implements RecordReader {

    /** Builds the item of one record from its fields; errors already found on the record come in {@code errors}. */
    @FunctionalInterface
    interface RowMapper {
        Parsed<IngestItem> map(long line, Row row, List<LineError> errors);
    }

    /** The columns a kind of table must and may have, in their documented order. */
    record Spec(List<String> required, List<String> optional) {
        static final Spec TRIPLES = new Spec(
                List.of("subject", "subject_type", "predicate", "object", "object_type", "source"),
                List.of("evidence", "confidence"));
        static final Spec ENTITIES = new Spec(List.of("type", "name", "source"), List.of("id", "aliases", "description",
                "description_en"));
        static final Spec ALIASES = new Spec(List.of("canonical", "alias", "type", "source"), List.of());

        String all() {
            List<String> all = new ArrayList<>(required);
            all.addAll(optional);
            return String.join(", ", all);
        }
    }

    /** The fields of one record by column name; a column the header lacks reads as empty. */
    static final class Row {
        private final Map<String, Integer> columns;
        private final List<String> fields;

        private Row(Map<String, Integer> columns, List<String> fields) {
            this.columns = columns;
            this.fields = fields;
        }

        String get(String column) {
            Integer i = columns.get(column);
            return i == null || i >= fields.size() ? "" : unguarded(fields.get(i));
        }

        /** {@code '=…}, {@code '+…}, {@code '-…}, {@code '@…}: a value the export guarded against spreadsheet formulas. */
        private static String unguarded(String v) {
            return v.length() > 1 && v.charAt(0) == '\'' && "=+-@".indexOf(v.charAt(1)) >= 0 ? v.substring(1) : v;
        }
    }

    private final DelimitedRows rows;
    private final Spec spec;
    private final RowMapper mapper;
    private Map<String, Integer> columns;
    private boolean done;

    TableReader(DelimitedRows rows, Spec spec, RowMapper mapper) {
        this.rows = rows;
        this.spec = spec;
        this.mapper = mapper;
    }

    @Override
    public boolean next(List<Parsed<IngestItem>> out) throws IOException {
        if (done) {
            return false;
        }
        DelimitedRows.Row r = rows.next();
        if (r == null) {
            done = true;
            if (columns == null) {
                out.add(new Parsed.Bad<>(Math.max(1, rows.lines()), List.of(new LineError(Math.max(1, rows.lines()), "header",
                        "no header; expected the columns " + spec.all()))));
            }
            return !out.isEmpty();
        }
        if (columns == null) {
            List<LineError> errors = header(r);
            if (!errors.isEmpty()) {
                done = true;
                out.add(new Parsed.Bad<>(r.line(), errors));
            }
            return true;
        }
        List<LineError> errors = new ArrayList<>(r.problems());
        if (r.fields().size() != columns.size()) {
            errors.add(new LineError(r.line(), "columns",
                    "expected " + columns.size() + " columns as in the header, found " + r.fields().size()));
        }
        out.add(mapper.map(r.line(), new Row(columns, r.fields()), errors));
        return true;
    }

    private List<LineError> header(DelimitedRows.Row r) {
        List<LineError> errors = new ArrayList<>(r.problems());
        Map<String, Integer> found = new HashMap<>();
        for (int i = 0; i < r.fields().size(); i++) {
            String name = r.fields().get(i).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                errors.add(new LineError(r.line(), "header", "column " + (i + 1) + " has no name"));
            } else if (!spec.required().contains(name) && !spec.optional().contains(name)) {
                String hint = name.indexOf('\t') >= 0 ? " (the header has tabs: is this a TSV file?)"
                        : name.indexOf(',') >= 0 ? " (the header has commas: is this a CSV file?)" : "";
                errors.add(new LineError(r.line(), name.length() > 40 ? "header" : name,
                        "unknown column" + hint + "; expected " + spec.all()));
            } else if (found.putIfAbsent(name, i) != null) {
                errors.add(new LineError(r.line(), name, "column named twice"));
            }
        }
        for (String req : spec.required()) {
            if (!found.containsKey(req) && errors.stream().noneMatch(e -> e.reason().contains("is this a"))) {
                errors.add(new LineError(r.line(), req, "required column missing; the header must name " + spec.all()));
            }
        }
        if (errors.isEmpty()) {
            columns = found;
        }
        return errors;
    }

    @Override
    public long lines() {
        return rows.lines();
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }

    static List<String> split(String list, char separator) {
        if (list.isBlank()) {
            return List.of();
        }
        return Arrays.asList(list.split(Pattern.quote(String.valueOf(separator)), -1));
    }
}
