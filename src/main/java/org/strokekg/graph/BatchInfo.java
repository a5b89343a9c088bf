package org.strokekg.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.trust.Trust;

/**
 * A committed batch as listed and shown to curators: what it is ({@code kind}: {@code triples}, {@code seed},
 * {@code merge}, {@code review}, {@code retraction}…), who made it and when, how far what it asserts is trusted, and for
 * a review or retraction the curator's reason and the facts it decided on.
 */
public record BatchInfo(String id, String kind, String label, String curator, Instant createdAt,
                        Map<String, Long> counts, Trust trust, Optional<String> reason, List<FactRef> targets) {

    public BatchInfo {
        counts = Map.copyOf(counts);
        targets = List.copyOf(targets);
    }
}
