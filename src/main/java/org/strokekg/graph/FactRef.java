package org.strokekg.graph;

import java.util.Objects;
import java.util.Set;

/**
 * One fact a curator can review or retract: a relation (id {@code r-…}), an entity or a passage, by its application id.
 *
 * @param kind {@link #RELATION}, {@link #ENTITY} or {@link #PASSAGE}
 */
public record FactRef(String kind, String id) {

    public static final String RELATION = "relation";
    public static final String ENTITY = "entity";
    public static final String PASSAGE = "passage";
    private static final Set<String> KINDS = Set.of(RELATION, ENTITY, PASSAGE);

    public FactRef {
        Objects.requireNonNull(id, "id");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    public static FactRef relation(String id) {
        return new FactRef(RELATION, id);
    }

    public static FactRef entity(String id) {
        return new FactRef(ENTITY, id);
    }

    public static FactRef passage(String id) {
        return new FactRef(PASSAGE, id);
    }

    /** As stored on a decision's batch node: {@code kind:id}. */
    String stored() {
        return kind + ":" + id;
    }

    static FactRef ofStored(String s) {
        int colon = s.indexOf(':');
        return new FactRef(s.substring(0, colon), s.substring(colon + 1));
    }
}
