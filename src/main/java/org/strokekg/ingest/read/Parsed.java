package org.strokekg.ingest.read;

import java.util.List;
import java.util.Objects;

/** One item read from a file with the line it starts on: either accepted, or rejected with every reason found. */
public sealed interface Parsed<T> permits Parsed.Ok, Parsed.Bad {

    long line();

    /** An item that passed validation. */
    record Ok<T>(long line, T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A line (or record) that failed validation; never empty. */
    record Bad<T>(long line, List<LineError> errors) implements Parsed<T> {
        public Bad {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejected line needs at least one error");
            }
        }
    }
}
