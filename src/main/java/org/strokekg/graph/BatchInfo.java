package org.strokekg.graph;

import java.time.Instant;
import java.util.Map;

/** A committed batch as listed and shown to curators. */
public record BatchInfo(String id, String kind, String label, String curator, Instant createdAt,
                        Map<String, Long> counts) {

    public BatchInfo {
        counts = Map.copyOf(counts);
    }
}
