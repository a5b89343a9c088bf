package org.strokekg.ingest.read;

import java.util.Objects;
import java.util.Optional;

/**
 * One relation as a curator writes it: subject and object by name (kept as written, for display) and type, a predicate of
 * the vocabulary, the source it rests on, optional evidence text and confidence in [0,1]. Entity resolution is the loader's.
 */
public record Triple(String subject, String subjectType, String predicate, String object, String objectType, String source,
                     Optional<String> evidence, Optional<Double> confidence) implements IngestItem {

    public Triple {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(subjectType, "subjectType");
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(confidence, "confidence");
    }

    /** A triple without evidence or confidence. */
    public static Triple of(String subject, String subjectType, String predicate, String object, String objectType, String source) {
        return new Triple(subject, subjectType, predicate, object, objectType, source, Optional.empty(), Optional.empty());
    }
}
