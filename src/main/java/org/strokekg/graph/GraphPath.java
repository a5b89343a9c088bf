package org.strokekg.graph;

import java.util.List;

/**
 * A walk through the graph: {@code nodes.size() == relationships.size() + 1}; relationship i joins nodes i and i+1,
 * in either direction (each relation keeps its own start and end, so the direction is never lost).
 */
public record GraphPath(List<Entity> nodes, List<Relation> relationships) {

    public GraphPath {
        nodes = List.copyOf(nodes);
        relationships = List.copyOf(relationships);
        if (nodes.size() != relationships.size() + 1) {
            throw new IllegalArgumentException("a path of " + relationships.size() + " relationships needs "
                    + (relationships.size() + 1) + " nodes, got " + nodes.size());
        }
    }

    public int length() {
        return relationships.size();
    }
}
