package org.strokekg.graph;

import java.util.List;
import java.util.Objects;

/**
 * A concept in the graph: a stable application id, its type (one of the vocabulary's node types), the canonical
 * simplified-Chinese name, aliases (traditional, English, abbreviations, synonyms), a one-sentence description, the
 * sources that asserted it and the description in English ({@code descriptionEn}, "" when none: the curated seed has
 * one for every entity, a crawl has none).
 */
public record Entity(String id, String type, String name, List<String> aliases, String description,
                     List<String> sources, String descriptionEn) {

    public Entity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        description = description == null ? "" : description;
        sources = List.copyOf(sources);
        descriptionEn = descriptionEn == null ? "" : descriptionEn;
    }

    /** An entity without an English description. */
    public Entity(String id, String type, String name, List<String> aliases, String description, List<String> sources) {
        this(id, type, name, aliases, description, sources, "");
    }
}
