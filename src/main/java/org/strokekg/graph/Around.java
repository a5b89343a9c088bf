package org.strokekg.graph;

import java.util.List;

/**
 * An entity with its relations in either direction, each with the entity at the other end, and its degree (all
 * relations, before any cap). What the answer pipeline ranks graph evidence from.
 */
public record Around(Entity center, long degree, List<Hop> hops) {

    public Around {
        hops = List.copyOf(hops);
    }

    /** One relation of the center and the entity at its other end. */
    public record Hop(Relation relation, Entity other) {
    }
}
