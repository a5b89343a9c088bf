package org.strokekg.ingest.read;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What reading and validating one file found: physical lines read, items accepted, lines (records) rejected, values skipped
 * (only the xywy crawl skips, see MAPPINGS.md), the first {@link IngestLimits#MAX_REPORTED} errors and skips with how many
 * more were left out, accepted items by kind ({@code triple}, {@code entity}, {@code alias}, {@code passage}), accepted
 * triples by predicate and distinct names (as written) by type. Any rejected line means the file must not be written.
 */
public record ValidationReport(String file, String format, long lines, long accepted, long rejected, long skipped,
                               List<LineError> errors, long errorsTruncated, List<LineError> skips, long skipsTruncated,
                               Map<String, Long> byKind, Map<String, Long> byPredicate, Map<String, Long> namesByType) {

    public ValidationReport {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        errors = List.copyOf(errors);
        skips = List.copyOf(skips);
        byKind = Map.copyOf(byKind);
        byPredicate = Map.copyOf(byPredicate);
        namesByType = Map.copyOf(namesByType);
    }

    /** True when no line was rejected: the file may be written. */
    public boolean ok() {
        return rejected == 0 && errors.isEmpty();
    }

    /** Accepted items of one kind ({@code triple}, {@code entity}, {@code alias}, {@code passage}). */
    public long count(String kind) {
        return byKind.getOrDefault(kind, 0L);
    }
}
