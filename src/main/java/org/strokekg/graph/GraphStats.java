package org.strokekg.graph;

import java.util.Map;

/**
 * Counts by node type and relationship type, plus batches and passages, and how many of each are at each trust level.
 * Retracted facts are counted apart ({@code retracted}: relations, entities, passages) and not in the other counts.
 */
public record GraphStats(long entities, long relations, Map<String, Long> entitiesByType,
                         Map<String, Long> relationsByType, long batches, long passages,
                         Map<String, Long> relationsByTrust, Map<String, Long> passagesByTrust,
                         Map<String, Long> batchesByTrust, Map<String, Long> retracted) {

    public GraphStats {
        entitiesByType = Map.copyOf(entitiesByType);
        relationsByType = Map.copyOf(relationsByType);
        relationsByTrust = Map.copyOf(relationsByTrust);
        passagesByTrust = Map.copyOf(passagesByTrust);
        batchesByTrust = Map.copyOf(batchesByTrust);
        retracted = Map.copyOf(retracted);
    }
}
