package org.strokekg.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neo4j.driver.Value;
import org.strokekg.graph.GraphStore;

/**
 * Everything about some entities as stored, for "restored exactly" assertions: node and relationship counts of the
 * whole graph, each entity's labels and every property, every relation touching them (type, ends, every property:
 * ids, provenance, times), and every passage that mentions them (its entity ids and MENTIONS links).
 */
public record GraphState(long nodes, long relationships, Map<String, String> entities, TreeSet<String> relations,
                         TreeSet<String> passages) {

    public static GraphState of(GraphStore store, List<String> ids) {
        return store.read(tx -> {
            // the audit trail grows with every write, undo included: it is not the state an undo restores
            long nodes = tx.run("MATCH (n) WHERE NOT n:AuditEvent RETURN count(n) AS n").single().get("n").asLong();
            long rels = tx.run("MATCH ()-[r]->() RETURN count(r) AS n").single().get("n").asLong();
            Map<String, String> entities = new TreeMap<>();
            TreeSet<String> relations = new TreeSet<>();
            TreeSet<String> passages = new TreeSet<>();
            for (String id : ids) {
                var e = tx.run("MATCH (e:Entity {id: $id}) RETURN labels(e) AS l, properties(e) AS p", Map.of("id", id));
                entities.put(id, e.hasNext() ? text(e.next()) : "absent");
                tx.run("""
                        MATCH (e:Entity {id: $id})-[r]-(x:Entity)
                        RETURN type(r) AS t, startNode(r).id AS s, endNode(r).id AS e, properties(r) AS p
                        """, Map.of("id", id)).forEachRemaining(r -> relations.add(r.get("t").asString() + " "
                        + r.get("s").asString() + "->" + r.get("e").asString() + " " + sorted(r.get("p"))));
                tx.run("""
                        MATCH (p:Passage)-[:MENTIONS]->(:Entity {id: $id})
                        RETURN p.id AS id, p.entityIds AS ids, [(p)-[:MENTIONS]->(m) | m.id] AS mentions
                        """, Map.of("id", id)).forEachRemaining(r -> passages.add(r.get("id").asString() + " "
                        + r.get("ids").asList(Value::asString) + " " + new TreeSet<>(r.get("mentions").asList(Value::asString))));
            }
            return new GraphState(nodes, rels, entities, relations, passages);
        });
    }

    private static String text(org.neo4j.driver.Record r) {
        return new TreeSet<>(r.get("l").asList(Value::asString)) + " " + sorted(r.get("p"));
    }

    private static String sorted(Value props) {
        return new TreeMap<>(props.asMap(Value::asObject)).toString();
    }
}
