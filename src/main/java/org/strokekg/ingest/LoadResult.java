package org.strokekg.ingest;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.ingest.read.ValidationReport;
import org.strokekg.ingest.resolve.Resolution;
import org.strokekg.trust.Trust;

/**
 * What a load did. {@code status}: {@code committed}; {@code unchanged} (the same content is already batch
 * {@code batchId}); {@code dry-run} (validated and planned, nothing written); {@code rejected} (bad lines: nothing
 * written, see {@code reports} and {@code errors}). {@code trust}: the batch's level; {@code mapping}: what the crawl
 * rules remapped or skipped, with examples (xywy only).
 */
public record LoadResult(Status status, String batchId, String kind, String label, Trust trust,
                         List<ValidationReport> reports, List<FileError> errors, List<FileError> notes,
                         List<Resolution> resolutions, long resolutionsTruncated, Map<String, Long> counts,
                         List<CrawlMapping> mapping, Optional<String> message) {

    /** The outcome; written in JSON as {@code committed}, {@code unchanged}, {@code dry-run}, {@code rejected}. */
    public enum Status {
        COMMITTED, UNCHANGED, DRY_RUN, REJECTED;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A line error with the file it belongs to. */
    public record FileError(String file, long line, String field, String reason) {
    }

    public LoadResult {
        reports = List.copyOf(reports);
        errors = List.copyOf(errors);
        notes = List.copyOf(notes);
        resolutions = List.copyOf(resolutions);
        counts = Map.copyOf(counts);
        mapping = List.copyOf(mapping);
    }

    public boolean ok() {
        return status != Status.REJECTED;
    }
}
