package org.strokekg.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.strokekg.trust.Trust;

/**
 * Everything one batch writes, decided before the write transaction starts: the entities it creates, the existing
 * entities it uses or extends, its relations and passages, and the standing curator decisions on any of them that are
 * written again (a fact reviewed or retracted before its source was undone and loaded again). {@link BatchStore#commit}
 * writes it all or nothing.
 *
 * @param decisions by fact: only facts of this plan that have a decision
 */
public record BatchPlan(Header header, List<NewEntity> newEntities, List<EntityTouch> touched,
                        List<NewRelation> relations, List<NewPassage> passages, Map<FactRef, Decided> decisions) {

    public BatchPlan {
        Objects.requireNonNull(header, "header");
        newEntities = List.copyOf(newEntities);
        touched = List.copyOf(touched);
        relations = List.copyOf(relations);
        passages = List.copyOf(passages);
        decisions = Map.copyOf(decisions);
    }

    public BatchPlan(Header header, List<NewEntity> newEntities, List<EntityTouch> touched,
                     List<NewRelation> relations, List<NewPassage> passages) {
        this(header, newEntities, touched, relations, passages, Map.of());
    }

    /** The decisions on a fact of this plan ({@link Decided#NONE} for most). */
    public Decided decided(FactRef fact) {
        return decisions.getOrDefault(fact, Decided.NONE);
    }

    /**
     * Who loaded what, when, and how far it is trusted; {@code id} is derived from the content, so the same content is
     * the same batch.
     */
    public record Header(String id, String kind, String label, String curator, Instant createdAt,
                         Map<String, Long> counts, Trust trust) {
        public Header {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(curator, "curator");
            Objects.requireNonNull(createdAt, "createdAt");
            counts = Map.copyOf(counts);
            Objects.requireNonNull(trust, "trust");
        }
    }

    /**
     * An entity this batch creates; {@code keys} are the matching keys of its name and aliases; {@code descriptionEn}
     * is the English description ("" when none).
     */
    public record NewEntity(String id, String type, String name, List<String> aliases, String description,
                            List<String> sources, List<String> keys, String descriptionEn) {
        public NewEntity {
            aliases = List.copyOf(aliases);
            sources = List.copyOf(sources);
            keys = List.copyOf(keys);
            Objects.requireNonNull(descriptionEn, "descriptionEn");
        }

        /** An entity without an English description. */
        public NewEntity(String id, String type, String name, List<String> aliases, String description,
                         List<String> sources, List<String> keys) {
            this(id, type, name, aliases, description, sources, keys, "");
        }
    }

    /**
     * An existing entity this batch uses, perhaps adding aliases, keys and sources, or a description (Chinese or
     * English) where it had none. Only what is really new is recorded on the batch, so that undo removes exactly that.
     */
    public record EntityTouch(String id, List<String> addAliases, List<String> addKeys, List<String> addSources,
                              Optional<String> description, Optional<String> descriptionEn) {
        public EntityTouch {
            addAliases = List.copyOf(addAliases);
            addKeys = List.copyOf(addKeys);
            addSources = List.copyOf(addSources);
            Objects.requireNonNull(descriptionEn, "descriptionEn");
        }

        /** A touch that sets no English description. */
        public EntityTouch(String id, List<String> addAliases, List<String> addKeys, List<String> addSources,
                           Optional<String> description) {
            this(id, addAliases, addKeys, addSources, description, Optional.empty());
        }
    }

    /** A fact to assert; {@code id} = hash(start, type, end, source), so re-asserting it adds support, not a copy. */
    public record NewRelation(String id, String type, String startId, String endId, String source,
                              Optional<String> evidence, Optional<Double> confidence, boolean endsExist) {
    }

    /**
     * A passage and the entities it discusses, its language ({@code zh} or {@code en}), for a translation the id of
     * the passage it translates, and the group of patients it is written for (pregnancy, child, young-adult), if any.
     */
    public record NewPassage(String id, String title, String text, String source, List<String> entityIds,
                             Optional<String> topic, String lang, Optional<String> translationOf,
                             Optional<String> population) {
        public NewPassage {
            entityIds = List.copyOf(entityIds);
            Objects.requireNonNull(lang, "lang");
            Objects.requireNonNull(translationOf, "translationOf");
            Objects.requireNonNull(population, "population");
        }

        /** A Chinese passage that translates nothing, for everyone. */
        public NewPassage(String id, String title, String text, String source, List<String> entityIds,
                          Optional<String> topic) {
            this(id, title, text, source, entityIds, topic, "zh", Optional.empty(), Optional.empty());
        }
    }
}
