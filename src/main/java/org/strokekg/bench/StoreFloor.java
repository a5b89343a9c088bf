package org.strokekg.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;
import org.strokekg.graph.GraphStore;

/**
 * The ingest benchmark's reference: how long Neo4j itself takes on this machine to write a graph of the shape just
 * loaded, through its own Java API in the same process, with no Cypher, no Bolt, no parsing, validation or resolution.
 * Ingest cannot be faster than this, so it tells a target that is out of reach from a slow path. The graph is read
 * back through the driver (entities with their properties, relations as end points, type and provenance, passages with
 * their text and the entities they mention) and written into a fresh database twice: once with the properties a batch
 * gives each relation and passage, once with bare relations (and no passages).
 */
public final class StoreFloor {

    private static final String ENTITIES = """
            MATCH (e:Entity)
            RETURN e.id AS id, e.type AS type, e.name AS name, e.aliases AS aliases, e.description AS description,
                   e.sources AS sources, e.keys AS keys
            """;
    private static final String RELATIONS = """
            MATCH (a:Entity)-[r]->(b:Entity)
            RETURN a.id AS a, b.id AS b, type(r) AS type, r.id AS id, r.source AS source
            """;
    private static final String PASSAGES = """
            MATCH (p:Passage)
            RETURN p.id AS id, coalesce(p.title, '') AS title, p.text AS text, p.source AS source,
                   coalesce(p.topic, '') AS topic, coalesce(p.entityIds, []) AS entityIds
            """;

    private StoreFloor() {
    }

    /** A graph's shape: its entities (with their properties), its relations and passages, ends by index. */
    public record Shape(List<EntityRow> entities, List<RelationRow> relations, List<PassageRow> passages) {
        public Shape {
            entities = List.copyOf(entities);
            relations = List.copyOf(relations);
            passages = List.copyOf(passages);
        }
    }

    record PassageRow(String id, String title, String text, String source, String topic, String[] entityIds,
                      int[] mentions) {
    }

    record EntityRow(String id, String type, String name, String[] aliases, String description, String[] sources,
                     String[] keys) {
    }

    record RelationRow(int start, int end, String type, String id, String source) {
    }

    /**
     * What the writes took.
     *
     * @param entities creating every entity, as one transaction per {@code transactions}-th of them
     * @param relations every relation with a batch's provenance properties, in {@code transactions} transactions
     * @param bareRelations the same relations without properties, into another fresh database
     * @param passages every passage with its properties and its mentions, in {@code transactions} transactions
     */
    public record Result(int entityCount, int relationCount, int passageCount, int transactions, Duration entities,
                         Duration relations, Duration bareRelations, Duration passages, long nodesWritten,
                         long relationshipsWritten) {

        /** Entities, relations with properties and passages: what a load writes. */
        public Duration total() {
            return entities.plus(relations).plus(passages);
        }
    }

    /** Reads the graph's entities and relations (curated and loaded alike) through the driver. */
    public static Shape shapeOf(GraphStore store) {
        return store.read(tx -> {
            List<EntityRow> entities = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            tx.run(ENTITIES).forEachRemaining(r -> {
                index.put(r.get("id").asString(), entities.size());
                entities.add(new EntityRow(r.get("id").asString(), r.get("type").asString(), r.get("name").asString(),
                        strings(r.get("aliases")), r.get("description").asString(""), strings(r.get("sources")),
                        strings(r.get("keys"))));
            });
            List<RelationRow> relations = new ArrayList<>();
            tx.run(RELATIONS).forEachRemaining(r -> relations.add(new RelationRow(index.get(r.get("a").asString()),
                    index.get(r.get("b").asString()), r.get("type").asString(), r.get("id").asString(""),
                    r.get("source").asString(""))));
            List<PassageRow> passages = new ArrayList<>();
            tx.run(PASSAGES).forEachRemaining(r -> {
                String[] mentioned = strings(r.get("entityIds"));
                passages.add(new PassageRow(r.get("id").asString(), r.get("title").asString(),
                        r.get("text").asString(""), r.get("source").asString(""), r.get("topic").asString(),
                        mentioned, java.util.Arrays.stream(mentioned).filter(index::containsKey)
                                .mapToInt(index::get).toArray()));
            });
            return new Shape(entities, relations, passages);
        });
    }

    /**
     * Writes {@code shape} into fresh databases under {@code dir} (which it leaves there for the caller to delete),
     * {@code transactions} transactions for the entities and as many for the relations, as a load of that many files
     * commits.
     */
    public static Result measure(Shape shape, Path dir, long pageCacheBytes, int transactions) {
        Written withProperties = write(shape, dir.resolve("with-properties"), pageCacheBytes, transactions, true);
        Written bare = write(shape, dir.resolve("bare"), pageCacheBytes, transactions, false);
        return new Result(shape.entities().size(), shape.relations().size(), shape.passages().size(), transactions,
                withProperties.entities(), withProperties.relations(), bare.relations(), withProperties.passages(),
                withProperties.nodes(), withProperties.relationships());
    }

    /** One database's writes and what it holds afterwards (counted by the store, so the floor is known to be whole). */
    private record Written(Duration entities, Duration relations, Duration passages, long nodes, long relationships) {
    }

    private static Written write(Shape shape, Path home, long pageCacheBytes, int transactions, boolean properties) {
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, false)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "keep_none")
                .build();
        try {
            GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            for (String statement : GraphStore.schemaStatements()) {
                db.executeTransactionally(statement);
            }
            db.executeTransactionally("CALL db.awaitIndexes(300)");
            String batch = "b-0123456789abcdef";
            ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC);
            Label entity = Label.label("Entity");
            List<EntityRow> entities = shape.entities();
            String[] ids = new String[entities.size()];
            long t0 = System.nanoTime();
            for (List<Integer> part : parts(entities.size(), transactions)) {
                try (Transaction tx = db.beginTx()) {
                    for (int i : part) {
                        EntityRow e = entities.get(i);
                        // the Java API takes a label as a value, not as query text: no identifier check is needed
                        Node n = tx.createNode(entity, Label.label(e.type()));
                        n.setProperty("id", e.id());
                        n.setProperty("type", e.type());
                        n.setProperty("name", e.name());
                        n.setProperty("aliases", e.aliases());
                        n.setProperty("description", e.description());
                        n.setProperty("sources", e.sources());
                        n.setProperty("keys", e.keys());
                        n.setProperty("batches", new String[] {batch});
                        n.setProperty("createdAt", at);
                        n.setProperty("trust", "unreviewed");
                        ids[i] = n.getElementId();
                    }
                    tx.commit();
                }
            }
            long t1 = System.nanoTime();
            List<RelationRow> relations = shape.relations();
            Map<String, RelationshipType> types = new HashMap<>();
            for (List<Integer> part : parts(relations.size(), transactions)) {
                try (Transaction tx = db.beginTx()) {
                    for (int i : part) {
                        RelationRow r = relations.get(i);
                        var rel = tx.getNodeByElementId(ids[r.start()]).createRelationshipTo(tx.getNodeByElementId(ids[r.end()]),
                                types.computeIfAbsent(r.type(), RelationshipType::withName));
                        if (properties) {
                            rel.setProperty("id", r.id());
                            rel.setProperty("source", r.source());
                            rel.setProperty("batch", batch);
                            rel.setProperty("batches", new String[] {batch});
                            rel.setProperty("curator", "bench");
                            rel.setProperty("createdAt", at);
                            rel.setProperty("trust", "unreviewed");
                        }
                    }
                    tx.commit();
                }
            }
            long t2 = System.nanoTime();
            if (properties) {
                writePassages(db, shape.passages(), ids, transactions, batch, at);
            }
            long t3 = System.nanoTime();
            var counts = db.executeTransactionally("RETURN COUNT { MATCH (n) } AS nodes, "
                    + "COUNT { MATCH ()-[r]->() } AS relationships", Map.of(), r -> r.next());
            return new Written(Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2),
                    ((Number) counts.get("nodes")).longValue(), ((Number) counts.get("relationships")).longValue());
        } finally {
            dbms.shutdown();
        }
    }

    /** Passages as a load writes them: their properties and a MENTIONS relationship to each entity they are about. */
    private static void writePassages(GraphDatabaseService db, List<PassageRow> passages, String[] ids,
                                      int transactions, String batch, ZonedDateTime at) {
        Label label = Label.label("Passage");
        RelationshipType mentions = RelationshipType.withName("MENTIONS");
        for (List<Integer> part : parts(passages.size(), transactions)) {
            try (Transaction tx = db.beginTx()) {
                for (int i : part) {
                    PassageRow p = passages.get(i);
                    Node n = tx.createNode(label);
                    n.setProperty("id", p.id());
                    n.setProperty("title", p.title());
                    n.setProperty("text", p.text());
                    n.setProperty("source", p.source());
                    n.setProperty("topic", p.topic());
                    n.setProperty("entityIds", p.entityIds());
                    n.setProperty("batch", batch);
                    n.setProperty("batches", new String[] {batch});
                    n.setProperty("curator", "bench");
                    n.setProperty("createdAt", at);
                    n.setProperty("trust", "unreviewed");
                    for (int e : p.mentions()) {
                        n.createRelationshipTo(tx.getNodeByElementId(ids[e]), mentions);
                    }
                }
                tx.commit();
            }
        }
    }

    private static List<List<Integer>> parts(int n, int count) {
        List<List<Integer>> out = new ArrayList<>();
        int size = Math.max(1, (n + count - 1) / count);
        for (int from = 0; from < n; from += size) {
            List<Integer> part = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + size); i++) {
                part.add(i);
            }
            out.add(part);
        }
        return out;
    }

    private static String[] strings(org.neo4j.driver.Value v) {
        return v.isNull() ? new String[0] : v.asList(org.neo4j.driver.Value::asString).toArray(String[]::new);
    }
}
