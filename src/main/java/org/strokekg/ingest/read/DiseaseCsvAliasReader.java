package org.strokekg.ingest.read;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The alias column of zhihao-chen/QASystemOnMedicalGraph {@code disease.csv} (a 39.net crawl, GB18030): each disease
 * {@code name} with its {@code alias} cell split on {@code , ， 、} becomes {@link AliasRow}s of type Disease. Many names
 * appear twice, once with a leading space: names are trimmed and repeated pairs, empty cells and an alias equal to its
 * name are dropped silently. Only {@code name} and {@code alias} are read; the other columns are ignored.
 */
final class DiseaseCsvAliasReader implements RecordReader {

    static final String SOURCE = "39.net 39健康网疾病库 (zhihao-chen/QASystemOnMedicalGraph disease.csv)";

    private final DelimitedRows rows;
    private final Validator validator;
    private final ReportBuilder report;
    private final Set<String> pairs = new HashSet<>();
    private int nameColumn = -1;
    private int aliasColumn = -1;

    DiseaseCsvAliasReader(DelimitedRows rows, Validator validator, ReportBuilder report) {
        this.rows = rows;
        this.validator = validator;
        this.report = report;
    }

    @Override
    public boolean next(List<Parsed<IngestItem>> out) throws IOException {
        DelimitedRows.Row r = rows.next();
        if (r == null) {
            return false;
        }
        if (nameColumn < 0) {
            List<String> header = r.fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
            nameColumn = header.indexOf("name");
            aliasColumn = header.indexOf("alias");
            if (nameColumn < 0 || aliasColumn < 0 || !r.problems().isEmpty()) {
                List<LineError> errors = new ArrayList<>(r.problems());
                errors.add(new LineError(r.line(), "header", "expected the columns name and alias"));
                out.add(new Parsed.Bad<>(r.line(), errors));
                return false;
            }
            return true;
        }
        if (!r.problems().isEmpty()) {
            out.add(new Parsed.Bad<>(r.line(), r.problems()));
            return true;
        }
        String name = field(r, nameColumn).strip();
        String cell = field(r, aliasColumn);
        if (name.isEmpty() || cell.isBlank()) {
            return true;
        }
        for (String part : cell.split("[,，、]")) {
            String alias = part.strip();
            if (alias.isEmpty() || alias.equals(name) || !pairs.add(name + '\u0000' + alias)) {
                continue;
            }
            Parsed<IngestItem> p = validator.alias(r.line(), name, alias, "Disease", SOURCE, new ArrayList<>());
            if (p instanceof Parsed.Bad<IngestItem> bad) {
                // third-party data: an unusable value is skipped and reported, the rest of the file still loads
                bad.errors().forEach(e -> report.skip(new LineError(e.line(), e.field(), e.reason() + ": value skipped")));
            } else {
                out.add(p);
            }
        }
        return true;
    }

    private static String field(DelimitedRows.Row r, int column) {
        return column < r.fields().size() ? r.fields().get(column) : "";
    }

    @Override
    public long lines() {
        return rows.lines();
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
