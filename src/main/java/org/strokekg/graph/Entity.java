package org.strokekg.graph;

import java.util.List;
import java.util.Objects;

/**
 * A concept in the graph: a stable application id, its type (one of the vocabulary's node types), the canonical
 * simplified-Chinese name, aliases (traditional, English, abbreviations, synonyms), a one-sentence description and
 * the sources that asserted it.
 */
public record Entity(String id, String type, String name, List<String> aliases, String description,
                     List<String> sources) {

    public Entity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        description = description == null ? "" : description;
        sources = List.copyOf(sources);
    }
}
