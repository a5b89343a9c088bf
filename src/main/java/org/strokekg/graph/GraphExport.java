package org.strokekg.graph;

import java.util.function.Consumer;

/**
 * Streams every entity and every relation (with the names and types of its ends) out of the graph, for export.
 * Rows are handed over inside the read transaction, one at a time, so memory stays flat on a large graph.
 */
public final class GraphExport {

    private static final String ENTITIES = "MATCH (e:Entity) RETURN " + Rows.entity("e") + " AS e ORDER BY e.id";

    private static final String RELATIONS = """
            MATCH (a:Entity)-[r]->(b:Entity)
            RETURN %s AS r, a.name AS startName, a.type AS startType, b.name AS endName, b.type AS endType
            ORDER BY r.id
            """.formatted(Rows.relation("r"));

    /** A relation and the names and types of its ends. */
    public record Row(Relation relation, String startName, String startType, String endName, String endType) {
    }

    private final GraphStore store;

    public GraphExport(GraphStore store) {
        this.store = store;
    }

    public long entities(Consumer<Entity> sink) {
        return store.read(tx -> {
            long[] n = {0};
            tx.run(ENTITIES).forEachRemaining(r -> {
                sink.accept(Rows.entity(r.get("e")));
                n[0]++;
            });
            return n[0];
        });
    }

    public long relations(Consumer<Row> sink) {
        return store.read(tx -> {
            long[] n = {0};
            tx.run(RELATIONS).forEachRemaining(r -> {
                sink.accept(new Row(Rows.relation(r.get("r")), r.get("startName").asString(),
                        r.get("startType").asString(), r.get("endName").asString(), r.get("endType").asString()));
                n[0]++;
            });
            return n[0];
        });
    }
}
