package org.strokekg.graph;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.strokekg.error.ConflictException;
import org.strokekg.error.NotFoundException;
import org.strokekg.graph.MergeSnapshot.MovedRelation;
import org.strokekg.graph.MergeSnapshot.Outcome;
import org.strokekg.graph.MergeSnapshot.PassageLink;
import org.strokekg.text.TextNormalizer;

/**
 * Merging one entity into another, in one transaction, as a batch of kind {@code merge} that undo takes back exactly.
 *
 * <p>The merged entity's relations move to the survivor with their provenance; their ids are recomputed from the new
 * ends ({@link Ids#relation}), so a later load of the same fact adds support instead of a copy. A relation the survivor
 * already has (same type, direction, other end and source) is folded: the moved one's batches join its support. A
 * relation between the two would become a loop and is dropped. The merged entity's name, aliases, keys and sources go to
 * the survivor; passages that mentioned it mention the survivor. The batch keeps a {@link MergeSnapshot} and lists in
 * {@code dependsOn} the batches whose undo would make the merge's own undo inexact: undoing those is refused until the
 * merge is undone.
 */
final class EntityMerges {

    static final String KIND = "merge";

    private static final String READ = "MATCH (e:Entity {id: $id}) RETURN labels(e) AS labels, properties(e) AS props";

    /** Anything but relations to entities and passages' mentions would be lost by the delete: refuse instead. */
    private static final String FOREIGN = """
            MATCH (e:Entity {id: $id})-[r]-(n)
            WHERE NOT n:Entity AND NOT (n:Passage AND type(r) = 'MENTIONS' AND startNode(r) = n)
            RETURN count(r) AS n
            """;

    private static final String RELATIONS = """
            MATCH (e:Entity {id: $id})-[r]-(x:Entity)
            RETURN DISTINCT elementId(r) AS eid, type(r) AS type, startNode(r) = e AS out, x.id AS other,
                   properties(r) AS props
            ORDER BY eid
            """;

    private static final String PASSAGES = """
            MATCH (p:Passage)-[:MENTIONS]->(:Entity {id: $from})
            RETURN p.id AS id, coalesce(p.entityIds, []) AS entityIds, coalesce(p.batches, []) AS batches,
                   EXISTS { (p)-[:MENTIONS]->(:Entity {id: $into}) } AS hadInto
            ORDER BY id
            """;

    private static final String MERGE_BATCHES = "MATCH (m:Batch {kind: 'merge'}) WHERE m.id IN $ids RETURN m.id AS id";

    private static final String CREATE_RELATIONS = """
            UNWIND $rows AS row
            MATCH (s:Entity {id: row.start})
            MATCH (e:Entity {id: row.end})
            CREATE (s)-[r:%s]->(e)
            SET r = row.props
            """;

    private static final String FOLD = """
            UNWIND $rows AS row
            MATCH (:Entity {id: $into})-[r {id: row.id}]-(:Entity)
            SET r.batches = r.batches + [x IN row.added WHERE NOT x IN r.batches]
            """;

    private static final String REPOINT = """
            UNWIND $rows AS row
            MATCH (p:Passage {id: row.id})
            MATCH (a:Entity {id: $into})
            SET p.entityIds = row.entityIds
            MERGE (p)-[:MENTIONS]->(a)
            """;

    private static final String SET_PROPS = "MATCH (e:Entity {id: $id}) SET e += $props";
    private static final String DELETE_ENTITY = "MATCH (e:Entity {id: $id}) DETACH DELETE e";

    private static final String CREATE_BATCH = """
            CREATE (b:Batch {id: $id, kind: 'merge', label: $label, curator: $curator, createdAt: $createdAt,
                             trust: 'reviewed',
                             countKeys: $countKeys, countValues: $countValues, mergeInto: $into, mergeFrom: $from,
                             dependsOn: $dependsOn, mergeSnapshot: $snapshot})
            """;

    private EntityMerges() {
    }

    /** An entity as read: its labels and every property. */
    record Node(List<String> labels, Map<String, Object> props) {
        String string(String key) {
            return props.get(key) instanceof String s ? s : "";
        }

        List<String> strings(String key) {
            return props.get(key) instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        }
    }

    /** A relation as read from one end's side. */
    private record Rel(String type, boolean out, String other, Map<String, Object> props) {
        String source() {
            return props.get("source") instanceof String s ? s : "";
        }

        List<String> batches() {
            return props.get("batches") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        }

        String key() {
            return type + '\u0001' + out + '\u0001' + other + '\u0001' + source();
        }
    }

    static MergeResult merge(TransactionContext tx, String into, String from, String curator, Instant at,
                             Vocabulary vocabulary) {
        if (into.equals(from)) {
            throw new ConflictException("cannot merge entity " + into + " into itself");
        }
        Node a = read(tx, into).orElseThrow(() -> new NotFoundException("no entity " + into));
        Node b = read(tx, from).orElseThrow(() -> new NotFoundException("no entity " + from));
        String ta = a.string("type");
        String tb = b.string("type");
        if (!vocabulary.compatible(ta, tb)) {
            throw new ConflictException("cannot merge " + from + " (" + b.string("name") + ", a " + tb + ") into " + into
                    + " (" + a.string("name") + ", a " + ta + "): their types are not in one type group");
        }
        if (tx.run(FOREIGN, Map.of("id", from)).single().get("n").asLong() > 0) {
            throw new ConflictException("entity " + from + " has relationships to nodes other than entities and passages;"
                    + " a merge would lose them");
        }
        String batchId = "b-" + Ids.sha256Hex(KIND + '\u0001' + into + '\u0001' + from + '\u0001' + at, 16);

        Map<String, Rel> survivorByKey = new HashMap<>();
        for (Rel r : relations(tx, into)) {
            survivorByKey.putIfAbsent(r.key(), r);
        }
        Set<String> dependsOn = new LinkedHashSet<>(b.strings("batches"));
        List<MovedRelation> moved = new ArrayList<>();
        Map<String, List<Map<String, Object>>> creates = new LinkedHashMap<>();
        List<Map<String, Object>> folds = new ArrayList<>();
        long[] counts = new long[3];
        for (Rel r : relations(tx, from)) {
            dependsOn.addAll(r.batches());
            if (r.other().equals(into) || r.other().equals(from)) {
                moved.add(new MovedRelation(r.type(), r.out(), r.other(), r.props(), Outcome.DROPPED, "", List.of()));
                counts[2]++;
                continue;
            }
            Rel onSurvivor = new Rel(r.type(), r.out(), r.other(), r.props());
            Rel existing = survivorByKey.get(onSurvivor.key());
            if (existing != null) {
                List<String> added = r.batches().stream().filter(x -> !existing.batches().contains(x)).toList();
                String target = String.valueOf(existing.props().get("id"));
                moved.add(new MovedRelation(r.type(), r.out(), r.other(), r.props(), Outcome.FOLDED, target, added));
                folds.add(Map.of("id", target, "added", added));
                counts[1]++;
                continue;
            }
            String start = r.out() ? into : r.other();
            String end = r.out() ? r.other() : into;
            String newId = Ids.relation(start, r.type(), end, r.source());
            Map<String, Object> props = new LinkedHashMap<>(r.props());
            props.put("id", newId);
            creates.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(Map.of("start", start, "end", end, "props", props));
            survivorByKey.put(onSurvivor.key(), new Rel(r.type(), r.out(), r.other(), props));
            moved.add(new MovedRelation(r.type(), r.out(), r.other(), r.props(), Outcome.MOVED, newId, List.of()));
            counts[0]++;
        }

        List<PassageLink> passages = new ArrayList<>();
        List<Map<String, Object>> repoint = new ArrayList<>();
        tx.run(PASSAGES, Map.of("from", from, "into", into)).forEachRemaining(p -> {
            List<String> ids = Rows.strings(p.get("entityIds"));
            passages.add(new PassageLink(p.get("id").asString(), ids, p.get("hadInto").asBoolean()));
            dependsOn.addAll(Rows.strings(p.get("batches")));
            Set<String> now = new LinkedHashSet<>();
            ids.forEach(id -> now.add(id.equals(from) ? into : id));
            repoint.add(Map.of("id", p.get("id").asString(), "entityIds", List.copyOf(now)));
        });
        // merges into the survivor stay undoable in reverse order only: a later one may have folded into relations this one moves
        dependsOn.addAll(tx.run(MERGE_BATCHES, Map.of("ids", a.strings("batches"))).list(r -> r.get("id").asString()));
        dependsOn.remove(batchId);

        Survivor grown = Survivor.grow(a, b, batchId);
        MergeSnapshot snapshot = new MergeSnapshot(into, from, b.labels(), b.props(), grown.before(), grown.added(),
                grown.describe(), moved, passages);

        creates.forEach((type, rows) -> tx.run(CREATE_RELATIONS.formatted(BatchStore.identifier("type", type)),
                Map.of("rows", rows)).consume());
        if (!folds.isEmpty()) {
            tx.run(FOLD, Map.of("into", into, "rows", folds)).consume();
        }
        if (!repoint.isEmpty()) {
            tx.run(REPOINT, Map.of("into", into, "rows", repoint)).consume();
        }
        tx.run(SET_PROPS, Map.of("id", into, "props", grown.after())).consume();
        tx.run(DELETE_ENTITY, Map.of("id", from)).consume();

        String label = "merge " + b.string("name") + " (" + from + ") into " + a.string("name") + " (" + into + ")";
        long aliases = grown.added().get("aliases").size();
        List<String> countKeys = List.of("relationsMoved", "relationsFolded", "relationsDropped", "aliasesAdded",
                "passagesRepointed");
        List<Long> countValues = List.of(counts[0], counts[1], counts[2], aliases, (long) passages.size());
        Map<String, Object> params = new HashMap<>();
        params.put("id", batchId);
        params.put("label", label);
        params.put("curator", curator);
        params.put("createdAt", at.atZone(ZoneOffset.UTC));
        params.put("countKeys", countKeys);
        params.put("countValues", countValues);
        params.put("into", into);
        params.put("from", from);
        params.put("dependsOn", List.copyOf(dependsOn));
        params.put("snapshot", snapshot.toJson());
        tx.run(CREATE_BATCH, params).consume();
        return new MergeResult(batchId, into, a.string("name"), from, b.string("name"), label, counts[0], counts[1],
                counts[2], aliases, passages.size(), passages.stream().map(PassageLink::id).toList());
    }

    /**
     * What the merge adds to the survivor: the merged entity's name and aliases (as aliases), keys, sources and batches
     * (the batches that used the merged entity now use the survivor), its description and English description where
     * the survivor had none.
     * {@code before} holds the old values of exactly the properties it changes ({@code null}: absent).
     */
    record Survivor(Map<String, Object> before, Map<String, Object> after, Map<String, List<String>> added,
                    boolean describe) {

        static Survivor grow(Node a, Node b, String batchId) {
            String name = a.string("name");
            Set<String> names = new LinkedHashSet<>();
            names.add(b.string("name"));
            names.addAll(b.strings("aliases"));
            Set<String> keys = new LinkedHashSet<>(b.strings("keys"));
            names.forEach(n -> keys.add(TextNormalizer.forMatching(n)));
            Set<String> batches = new LinkedHashSet<>(b.strings("batches"));
            batches.add(batchId);
            Map<String, List<String>> added = new LinkedHashMap<>();
            added.put("aliases", names.stream().filter(n -> !n.equals(name) && !a.strings("aliases").contains(n)).toList());
            added.put("keys", keys.stream().filter(k -> !a.strings("keys").contains(k)).toList());
            added.put("sources", b.strings("sources").stream().filter(s -> !a.strings("sources").contains(s)).distinct().toList());
            added.put("batches", batches.stream().filter(x -> !a.strings("batches").contains(x)).toList());
            Map<String, Object> before = new LinkedHashMap<>();
            Map<String, Object> after = new LinkedHashMap<>();
            added.forEach((property, values) -> {
                if (!values.isEmpty()) {
                    before.put(property, a.props().get(property));
                    List<String> grown = new ArrayList<>(a.strings(property));
                    grown.addAll(values);
                    after.put(property, grown);
                }
            });
            boolean describe = a.string("description").isBlank() && !b.string("description").isBlank();
            if (describe) {
                before.put("description", a.props().get("description"));
                after.put("description", b.string("description"));
            }
            // the English description likewise; its key in before says so (undo needs no flag of its own)
            if (a.string("descriptionEn").isBlank() && !b.string("descriptionEn").isBlank()) {
                before.put("descriptionEn", a.props().get("descriptionEn"));
                after.put("descriptionEn", b.string("descriptionEn"));
            }
            return new Survivor(before, after, added, describe);
        }
    }

    static Optional<Node> read(TransactionContext tx, String id) {
        var result = tx.run(READ, Map.of("id", id));
        if (!result.hasNext()) {
            return Optional.empty();
        }
        Record r = result.next();
        return Optional.of(new Node(r.get("labels").asList(Value::asString), r.get("props").asMap(EntityMerges::plain)));
    }

    private static List<Rel> relations(TransactionContext tx, String id) {
        Map<String, Rel> byElement = new LinkedHashMap<>();
        tx.run(RELATIONS, Map.of("id", id)).forEachRemaining(r -> byElement.putIfAbsent(r.get("eid").asString(),
                new Rel(r.get("type").asString(), r.get("out").asBoolean(), r.get("other").asString(),
                        r.get("props").asMap(EntityMerges::plain))));
        return List.copyOf(byElement.values());
    }

    /** A property value as a plain Java value (lists as lists), which the driver writes back as the same Neo4j value. */
    static Object plain(Value v) {
        return Objects.requireNonNull(v.asObject());
    }
}
