package org.strokekg.graph;

import java.util.Objects;

/**
 * A node type of the vocabulary (a Neo4j label besides {@code Entity}). The group says which types may resolve to one entity:
 * a Disease and a Complication of the same name are one concept, a Disease and a Drug are not.
 */
public record NodeType(String name, String zh, String en, String group) {

    public NodeType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zh, "zh");
        Objects.requireNonNull(en, "en");
        Objects.requireNonNull(group, "group");
    }
}
