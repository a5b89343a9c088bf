package org.strokekg.graph;

import java.util.List;

/**
 * An entity and the entities within {@code depth} hops, with the relations between them. {@code total} counts every
 * relation in reach before the limit, so a client can offer "more" for hubs.
 */
public record Neighbourhood(Entity center, int depth, List<Entity> nodes, List<Relation> relationships, long total,
                            boolean truncated) {

    public Neighbourhood {
        nodes = List.copyOf(nodes);
        relationships = List.copyOf(relationships);
    }
}
