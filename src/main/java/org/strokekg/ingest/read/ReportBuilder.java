package org.strokekg.ingest.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counts what passes through a reader into a {@link ValidationReport}. */
final class ReportBuilder {

    private final String file;
    private final String format;
    private final List<LineError> errors = new ArrayList<>();
    private final List<LineError> skips = new ArrayList<>();
    private final Map<String, Long> byKind = new HashMap<>();
    private final Map<String, Long> byPredicate = new HashMap<>();
    private final Map<String, Set<String>> names = new HashMap<>();
    private long accepted;
    private long rejected;
    private long skipped;
    private long errorsTruncated;
    private long skipsTruncated;

    ReportBuilder(String file, String format) {
        this.file = file;
        this.format = format;
    }

    void add(Parsed<IngestItem> parsed) {
        switch (parsed) {
            case Parsed.Ok<IngestItem> ok -> accept(ok.value());
            case Parsed.Bad<IngestItem> bad -> {
                rejected++;
                for (LineError e : bad.errors()) {
                    if (errors.size() < IngestLimits.MAX_REPORTED) {
                        errors.add(e);
                    } else {
                        errorsTruncated++;
                    }
                }
            }
        }
    }

    void skip(LineError why) {
        skipped++;
        if (skips.size() < IngestLimits.MAX_REPORTED) {
            skips.add(why);
        } else {
            skipsTruncated++;
        }
    }

    private void accept(IngestItem item) {
        accepted++;
        switch (item) {
            case Triple t -> {
                byKind.merge("triple", 1L, Long::sum);
                byPredicate.merge(t.predicate(), 1L, Long::sum);
                name(t.subjectType(), t.subject());
                name(t.objectType(), t.object());
            }
            case EntityRow e -> {
                byKind.merge("entity", 1L, Long::sum);
                name(e.type(), e.name());
            }
            case AliasRow a -> {
                byKind.merge("alias", 1L, Long::sum);
                name(a.type(), a.canonical());
            }
            case PassageRow p -> byKind.merge("passage", 1L, Long::sum);
        }
    }

    private void name(String type, String name) {
        names.computeIfAbsent(type, t -> new HashSet<>()).add(name);
    }

    ValidationReport build(long lines) {
        Map<String, Long> namesByType = new HashMap<>();
        names.forEach((type, set) -> namesByType.put(type, (long) set.size()));
        return new ValidationReport(file, format, lines, accepted, rejected, skipped, errors, errorsTruncated, skips,
                skipsTruncated, byKind, byPredicate, namesByType);
    }
}
