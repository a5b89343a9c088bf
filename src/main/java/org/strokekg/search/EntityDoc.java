package org.strokekg.search;

import java.util.List;
import java.util.Objects;

/**
 * A graph entity as the entity index holds it.
 *
 * @param name the canonical name (simplified Chinese)
 * @param aliases other names in any script or language (中風, stroke, CVA); folded for matching, kept as given for display
 * @param description may be empty
 */
public record EntityDoc(String id, String type, String name, List<String> aliases, String description) {

    public EntityDoc {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(description, "description");
        if (id.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("an entity needs an id and a name: " + id + " / " + name);
        }
    }
}
