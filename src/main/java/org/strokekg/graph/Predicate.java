package org.strokekg.graph;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A relationship type of the vocabulary with its domain (subject types) and range (object types).
 * {@code sameGroup} further asks subject and object to share a type group (SUBTYPE_OF: a drug is no subtype of a disease).
 */
public record Predicate(String name, String zh, String en, Set<String> domain, Set<String> range, boolean sameGroup) {

    public Predicate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zh, "zh");
        Objects.requireNonNull(en, "en");
        // insertion order is kept: error messages list the allowed types as the vocabulary file does
        domain = Collections.unmodifiableSet(new LinkedHashSet<>(domain));
        range = Collections.unmodifiableSet(new LinkedHashSet<>(range));
    }
}
