package org.strokekg.ingest.read;

import java.util.Objects;

/**
 * What is wrong on one line of an input file: the 1-based line (the header is line 1; a record spanning several lines is
 * named by its first), the field (a column or JSON key, or {@code line} for the line as a whole) and the reason.
 */
public record LineError(long line, String field, String reason) {

    public LineError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "line " + line + ": " + field + ": " + reason;
    }
}
