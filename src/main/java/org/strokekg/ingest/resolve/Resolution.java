package org.strokekg.ingest.resolve;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How one name in an input was matched to a graph entity: by id, by its canonical name, by one of its aliases, or
 * as a new entity. Curators read these in the validation report before they commit.
 */
public record Resolution(String file, long line, String field, String written, String entityId, String entityName,
                         String entityType, How how) {

    /** The kind of match; in JSON {@code id}, {@code name}, {@code alias}, {@code new}. */
    public enum How {
        ID, NAME, ALIAS, NEW;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
