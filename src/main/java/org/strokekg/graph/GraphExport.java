package org.strokekg.graph;

import java.util.function.Consumer;
import org.strokekg.trust.Trust;

/**
 * Streams every entity and every relation (with the names and types of its ends) out of the graph, for export.
 * Rows are handed over inside the read transaction, one at a time, so memory stays flat on a large graph.
 */
public final class GraphExport {

    private static final String ENTITIES = "MATCH (e:Entity) RETURN " + Rows.entity("e") + " AS e ORDER BY e.id";

    private static final String RELATIONS = """
            MATCH (a:Entity)-[r]->(b:Entity)
            WHERE r.retractedBy IS NULL
            RETURN %s AS r, a.name AS startName, a.type AS startType, b.name AS endName, b.type AS endType
            ORDER BY r.id
            """.formatted(Rows.relation("r"));

    private static final String PASSAGES = """
            MATCH (p:Passage)
            RETURN p.id AS id, coalesce(p.title, '') AS title, p.text AS text, p.source AS source,
                   coalesce(p.topic, '') AS topic, coalesce(p.entityIds, []) AS entityIds, p.batch AS batch,
                   coalesce(p.lang, 'zh') AS lang, coalesce(p.translationOf, '') AS translationOf,
                   coalesce(p.population, '') AS population, p.trust AS trust, p.retractedBy IS NOT NULL AS retracted
            ORDER BY p.id
            """;

    private static final String PASSAGES_BY_ID = """
            UNWIND $ids AS pid
            MATCH (p:Passage {id: pid})
            RETURN p.id AS id, coalesce(p.title, '') AS title, p.text AS text, p.source AS source,
                   coalesce(p.topic, '') AS topic, coalesce(p.entityIds, []) AS entityIds, p.batch AS batch,
                   coalesce(p.lang, 'zh') AS lang, coalesce(p.translationOf, '') AS translationOf,
                   coalesce(p.population, '') AS population, p.trust AS trust, p.retractedBy IS NOT NULL AS retracted
            """;

    /**
     * A passage as stored: the entities it discusses, the batch that owns it, its language ({@code zh} for a passage
     * stored before passages had one), the id of the passage it translates ("" for none), the group of patients it is
     * written for ("" for everyone, and for a passage stored before passages had one), its level, whether it was
     * retracted.
     */
    public record Passage(String id, String title, String text, String source, String topic, java.util.List<String> entityIds,
                          String batch, String lang, String translationOf, String population, Trust trust,
                          boolean retracted) {
        public Passage {
            entityIds = java.util.List.copyOf(entityIds);
        }
    }

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

    public long passages(Consumer<Passage> sink) {
        return store.read(tx -> {
            long[] n = {0};
            tx.run(PASSAGES).forEachRemaining(r -> {
                sink.accept(passage(r));
                n[0]++;
            });
            return n[0];
        });
    }

    /** These passages as stored now (a passage that is gone is left out). */
    public java.util.List<Passage> passages(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return java.util.List.of();
        }
        return store.read(tx -> tx.run(PASSAGES_BY_ID, java.util.Map.of("ids", java.util.List.copyOf(ids)))
                .list(GraphExport::passage));
    }

    private static Passage passage(org.neo4j.driver.Record r) {
        return new Passage(r.get("id").asString(), r.get("title").asString(), r.get("text").asString(""),
                r.get("source").asString(""), r.get("topic").asString(), Rows.strings(r.get("entityIds")),
                r.get("batch").asString(""), r.get("lang").asString(), r.get("translationOf").asString(),
                r.get("population").asString(), Rows.trust(r.get("trust")), r.get("retracted").asBoolean());
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
