package org.strokekg.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.strokekg.error.ConflictException;
import org.strokekg.graph.EntityMerges.Node;
import org.strokekg.graph.MergeSnapshot.MovedRelation;
import org.strokekg.graph.MergeSnapshot.Outcome;
import org.strokekg.graph.MergeSnapshot.PassageLink;

/**
 * Undoing a merge from its {@link MergeSnapshot}, inside the undo's transaction: the merged entity comes back with its
 * labels and every property, each relation goes back to it with its old id and properties (support that later batches
 * gave a moved relation goes back with it), folded support is withdrawn, the survivor loses exactly what the merge
 * gave it, and passages mention what they mentioned before.
 */
final class MergeUndo {

    private static final String BATCH = "MATCH (b:Batch {id: $id}) RETURN b.kind AS kind, b.mergeSnapshot AS snapshot";

    private static final String PINNED_BY = """
            MATCH (m:Batch)
            WHERE $batch IN m.dependsOn
            RETURN m.id AS id, m.label AS label
            ORDER BY m.createdAt DESC
            """;

    private static final String UNFOLD = """
            UNWIND $rows AS row
            MATCH (:Entity {id: $into})-[r {id: row.id}]-(:Entity)
            WITH DISTINCT row, r
            WITH r, [x IN r.batches WHERE NOT x IN row.added] AS rest
            SET r.batches = rest,
                r.batch = CASE WHEN size(rest) > 0 AND NOT r.batch IN rest THEN rest[0] ELSE r.batch END
            WITH r, size(rest) = 0 AS orphan
            FOREACH (_ IN CASE WHEN orphan THEN [1] ELSE [] END | DELETE r)
            RETURN count(CASE WHEN orphan THEN 1 END) AS deleted, count(CASE WHEN NOT orphan THEN 1 END) AS kept
            """;

    private static final String TAKE_MOVED = """
            UNWIND $ids AS rid
            MATCH (:Entity {id: $into})-[r {id: rid}]-(:Entity)
            WITH DISTINCT rid, r
            WITH rid, r, coalesce(r.batches, []) AS batches
            DELETE r
            RETURN rid, batches
            """;

    private static final String RESTORE_RELATIONS = """
            UNWIND $rows AS row
            MATCH (s:Entity {id: row.start})
            MATCH (e:Entity {id: row.end})
            CREATE (s)-[r:%s]->(e)
            SET r = row.props
            """;

    private static final String RESTORE_PASSAGES = """
            UNWIND $rows AS row
            MATCH (p:Passage {id: row.id})
            MATCH (b:Entity {id: $from})
            SET p.entityIds = row.entityIds
            MERGE (p)-[:MENTIONS]->(b)
            WITH p, row
            OPTIONAL MATCH (p)-[m:MENTIONS]->(:Entity {id: $into})
            FOREACH (_ IN CASE WHEN row.keepInto THEN [] ELSE [1] END | DELETE m)
            RETURN collect(DISTINCT p.id) AS ids
            """;

    private static final String SET_PROPS = "MATCH (e:Entity {id: $id}) SET e += $props";

    private static final String DROP_IF_ORPHAN = """
            MATCH (e:Entity {id: $id})
            WHERE size(coalesce(e.batches, [])) = 0 AND NOT EXISTS { (e)-[]-(:Entity) }
            DETACH DELETE e
            RETURN count(*) AS n
            """;

    private static final String DELETE_BATCH = "MATCH (b:Batch {id: $id}) DELETE b";

    private MergeUndo() {
    }

    /** A batch that a standing merge depends on cannot be undone before the merge (its undo would not be exact). */
    static void refuseIfPinned(TransactionContext tx, String batchId) {
        List<Record> pins = tx.run(PINNED_BY, Map.of("batch", batchId)).list();
        if (pins.isEmpty()) {
            return;
        }
        String ids = pins.stream().map(r -> r.get("id").asString()).collect(Collectors.joining(", "));
        throw new ConflictException("batch " + batchId + " is part of " + pins.getFirst().get("label").asString("a merge")
                + (pins.size() > 1 ? " and " + (pins.size() - 1) + " other merge(s)" : "")
                + ": undo the merge first (batches " + ids + ", newest first)");
    }

    /** Undoes the batch if it is a merge; empty if it is another kind (the caller undoes it the ordinary way). */
    static Optional<BatchStore.UndoResult> undo(TransactionContext tx, String batchId) {
        Record batch = tx.run(BATCH, Map.of("id", batchId)).single();
        if (!EntityMerges.KIND.equals(batch.get("kind").asString(""))) {
            return Optional.empty();
        }
        MergeSnapshot s = MergeSnapshot.parse(batch.get("snapshot").asString());
        String into = s.into();
        String from = s.from();
        if (EntityMerges.read(tx, from).isPresent()) {
            throw new ConflictException("an entity with id " + from + " exists again (a later batch created it): undo"
                    + " that batch before undoing merge " + batchId);
        }
        Node survivor = EntityMerges.read(tx, into).orElseThrow(() -> new ConflictException(
                "the surviving entity " + into + " of merge " + batchId + " is gone; the merge cannot be undone"));

        String labels = s.fromLabels().stream().map(l -> ":" + BatchStore.identifier("label", l))
                .collect(Collectors.joining());
        tx.run("CREATE (e" + labels + ") SET e = $props", Map.of("props", s.fromProps())).consume();

        List<Map<String, Object>> unfold = new ArrayList<>();
        List<String> movedIds = new ArrayList<>();
        for (MovedRelation r : s.relations()) {
            if (r.outcome() == Outcome.FOLDED) {
                unfold.add(Map.of("id", r.target(), "added", r.addedBatches()));
            } else if (r.outcome() == Outcome.MOVED) {
                movedIds.add(r.target());
            }
        }
        long foldsDeleted = 0;
        long foldsKept = 0;
        if (!unfold.isEmpty()) {
            Record u = tx.run(UNFOLD, Map.of("into", into, "rows", unfold)).single();
            foldsDeleted = u.get("deleted").asLong();
            foldsKept = u.get("kept").asLong();
        }
        Map<String, List<String>> taken = new HashMap<>();
        if (!movedIds.isEmpty()) {
            tx.run(TAKE_MOVED, Map.of("into", into, "ids", movedIds)).forEachRemaining(r ->
                    taken.put(r.get("rid").asString(), r.get("batches").asList(Value::asString)));
        }
        if (taken.size() != movedIds.size()) {
            throw new ConflictException("merge " + batchId + ": " + (movedIds.size() - taken.size())
                    + " moved relation(s) are no longer on " + into + "; the merge cannot be undone exactly");
        }

        Map<String, List<Map<String, Object>>> restore = new LinkedHashMap<>();
        for (MovedRelation r : s.relations()) {
            Map<String, Object> props = new LinkedHashMap<>(r.props());
            if (r.outcome() == Outcome.MOVED) {
                // support that later batches gave the moved relation goes back with it
                List<String> batches = new ArrayList<>(r.batches());
                taken.get(r.target()).stream().filter(x -> !batches.contains(x)).forEach(batches::add);
                props.put("batches", batches);
            }
            String start = r.out() ? from : r.other();
            String end = r.out() ? r.other() : from;
            restore.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(Map.of("start", start, "end", end, "props", props));
        }
        long restored = 0;
        for (var e : restore.entrySet()) {
            restored += tx.run(RESTORE_RELATIONS.formatted(BatchStore.identifier("type", e.getKey())),
                    Map.of("rows", e.getValue())).consume().counters().relationshipsCreated();
        }
        if (restored != s.relations().size()) {
            throw new ConflictException("merge " + batchId + ": " + (s.relations().size() - restored)
                    + " relation(s) of " + from + " cannot be restored (an end is gone)");
        }

        List<Map<String, Object>> passages = new ArrayList<>();
        for (PassageLink p : s.passages()) {
            passages.add(Map.of("id", p.id(), "entityIds", p.entityIds(),
                    "keepInto", p.hadInto() || p.entityIds().contains(into)));
        }
        List<String> changedPassages = passages.isEmpty() ? List.of()
                : tx.run(RESTORE_PASSAGES, Map.of("rows", passages, "from", from, "into", into)).single()
                        .get("ids").asList(Value::asString);

        tx.run(SET_PROPS, Map.of("id", into, "props", shrunk(survivor, s))).consume();
        boolean survivorGone = tx.run(DROP_IF_ORPHAN, Map.of("id", into)).single().get("n").asLong() > 0;
        tx.run(DELETE_BATCH, Map.of("id", batchId)).consume();
        List<String> changed = survivorGone ? List.of(from) : List.of(into, from);
        return Optional.of(new BatchStore.UndoResult(batchId, movedIds.size() + foldsDeleted, foldsKept,
                survivorGone ? 1 : 0, 0, survivorGone ? List.of(into) : List.of(), changed, List.of(), changedPassages));
    }

    /** The survivor's properties less exactly what the merge added; a property the merge created goes again. */
    private static Map<String, Object> shrunk(Node survivor, MergeSnapshot s) {
        Map<String, Object> props = new HashMap<>();
        s.intoAdded().forEach((property, added) -> {
            if (added.isEmpty()) {
                return;
            }
            List<String> rest = survivor.strings(property).stream().filter(x -> !added.contains(x)).toList();
            boolean wasAbsent = s.intoBefore().containsKey(property) && s.intoBefore().get(property) == null;
            props.put(property, rest.isEmpty() && wasAbsent ? null : rest);
        });
        String given = s.fromProps().get("description") instanceof String d ? d : "";
        if (s.descriptionSet() && survivor.string("description").equals(given)) {
            props.put("description", s.intoBefore().get("description"));
        }
        String givenEn = s.fromProps().get("descriptionEn") instanceof String d ? d : "";
        if (s.intoBefore().containsKey("descriptionEn") && survivor.string("descriptionEn").equals(givenEn)) {
            props.put("descriptionEn", s.intoBefore().get("descriptionEn"));
        }
        return props;
    }
}
