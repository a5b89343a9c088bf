package org.strokekg.graph;

import java.util.List;
import java.util.Objects;
import org.strokekg.trust.Trust;

/**
 * A concept in the graph: a stable application id, its type (one of the vocabulary's node types), the canonical
 * simplified-Chinese name, aliases (traditional, English, abbreviations, synonyms), a one-sentence description, the
 * sources that asserted it and the description in English ({@code descriptionEn}, "" when none: the curated seed has
 * one for every entity, a crawl has none); how far the entity is trusted (the highest level of the batches that
 * contributed to it, or reviewed), how far its description is (that of the batch that wrote it, or reviewed), and
 * whether a curator retracted it (its relations are then left out of every read).
 */
public record Entity(String id, String type, String name, List<String> aliases, String description,
                     List<String> sources, String descriptionEn, Trust trust, Trust descriptionTrust,
                     boolean retracted) {

    public Entity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        description = description == null ? "" : description;
        sources = List.copyOf(sources);
        descriptionEn = descriptionEn == null ? "" : descriptionEn;
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(descriptionTrust, "descriptionTrust");
    }

    /** An entity without an English description. */
    public Entity(String id, String type, String name, List<String> aliases, String description, List<String> sources,
                  Trust trust, Trust descriptionTrust, boolean retracted) {
        this(id, type, name, aliases, description, sources, "", trust, descriptionTrust, retracted);
    }

    /** The same entity with other display texts (a script conversion; the English description is kept). */
    public Entity withTexts(String newName, List<String> newAliases, String newDescription) {
        return new Entity(id, type, newName, newAliases, newDescription, sources, descriptionEn, trust,
                descriptionTrust, retracted);
    }
}
