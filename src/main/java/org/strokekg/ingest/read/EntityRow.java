package org.strokekg.ingest.read;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an entity file ({@code id type name aliases description source description_en}): an entity with an
 * optional curator id, its display name, aliases (other scripts, English, abbreviations), a short description and its
 * English version ({@code descriptionEn}, "" when none).
 */
public record EntityRow(Optional<String> id, String type, String name, List<String> aliases, String description, String source,
                        String descriptionEn)
        implements IngestItem {

    public EntityRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(descriptionEn, "descriptionEn");
    }

    /** A row without an English description. */
    public EntityRow(Optional<String> id, String type, String name, List<String> aliases, String description, String source) {
        this(id, type, name, aliases, description, source, "");
    }
}
