package org.strokekg.graph;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.strokekg.trust.Trust;

/**
 * A directed fact {@code start -[type]-> end} with its provenance: the source that states it, the batch that added it
 * (and every batch that asserted it since), the curator and the time, and how far it is trusted (the highest level of
 * the batches asserting it, or {@code reviewed} once a curator reviewed it). {@code id} is stable: a hash of start,
 * type, end and source, so the same fact from the same source is one relation however often it is loaded.
 */
public record Relation(String id, String type, String startId, String endId, String source, String batch,
                       List<String> batches, String curator, Instant createdAt, Optional<String> evidence,
                       Optional<Double> confidence, Trust trust) {

    public Relation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(startId, "startId");
        Objects.requireNonNull(endId, "endId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(batch, "batch");
        batches = List.copyOf(batches);
        Objects.requireNonNull(curator, "curator");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(trust, "trust");
    }
}
