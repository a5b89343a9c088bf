package org.strokekg.ingest.read;

import java.util.Objects;

/** One line of an alias file: {@code alias} is another name of the entity of {@code type} called {@code canonical}. */
public record AliasRow(String canonical, String alias, String type, String source) implements IngestItem {

    public AliasRow {
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
    }
}
