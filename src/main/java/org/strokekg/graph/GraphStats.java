package org.strokekg.graph;

import java.util.Map;

/** Counts by node type and relationship type, plus batches and passages. */
public record GraphStats(long entities, long relations, Map<String, Long> entitiesByType,
                         Map<String, Long> relationsByType, long batches, long passages) {

    public GraphStats {
        entitiesByType = Map.copyOf(entitiesByType);
        relationsByType = Map.copyOf(relationsByType);
    }
}
