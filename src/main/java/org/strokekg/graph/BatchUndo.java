package org.strokekg.graph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.strokekg.error.NotFoundException;

/**
 * Undo of a batch, inside the caller's write transaction, in the reverse order of commit: support the batch gave is
 * withdrawn from relations and passages, what nothing else supports is deleted, the aliases, keys, sources and
 * descriptions it added to entities it did not create are taken back, and entities no batch uses any more go.
 * Merges have their own undo ({@link MergeUndo}).
 */
final class BatchUndo {

    private static final String BATCH_EXISTS = "MATCH (b:Batch {id: $id}) RETURN count(b) > 0 AS exists";
    private static final String BATCH_KIND = "MATCH (b:Batch {id: $id}) RETURN b.kind AS kind";

    private static final String UNDO_RELATIONS = """
            MATCH (:Entity)-[r]->(:Entity)
            WHERE $batch IN r.batches
            WITH r, [x IN r.batches WHERE x <> $batch] AS rest
            SET r.batches = rest,
                r.batch = CASE WHEN size(rest) > 0 AND r.batch = $batch THEN rest[0] ELSE r.batch END,
                r.trust = %s
            WITH r, size(rest) = 0 AS orphan
            FOREACH (_ IN CASE WHEN orphan THEN [1] ELSE [] END | DELETE r)
            RETURN count(CASE WHEN orphan THEN 1 END) AS deleted, count(CASE WHEN NOT orphan THEN 1 END) AS kept
            """.formatted(TrustLevels.effective("r", "rest"));

    private static final String UNDO_PASSAGES = """
            MATCH (p:Passage)
            WHERE $batch IN p.batches
            WITH p, [x IN p.batches WHERE x <> $batch] AS rest
            SET p.batches = rest,
                p.batch = CASE WHEN size(rest) > 0 AND p.batch = $batch THEN rest[0] ELSE p.batch END,
                p.trust = %s
            WITH p, size(rest) = 0 AS orphan
            WITH p, orphan, p.id AS id
            FOREACH (_ IN CASE WHEN orphan THEN [1] ELSE [] END | DETACH DELETE p)
            RETURN [x IN collect(CASE WHEN orphan THEN id END) WHERE x IS NOT NULL] AS deleted,
                   [x IN collect(CASE WHEN NOT orphan THEN id END) WHERE x IS NOT NULL] AS kept
            """.formatted(TrustLevels.effective("p", "rest"));

    /** Entities the batch used, touched or related: the ones whose index entries may change on undo. */
    private static final String AFFECTED = """
            MATCH (b:Batch {id: $batch})
            OPTIONAL MATCH (e:Entity) WHERE $batch IN e.batches
            WITH b, collect(e.id) AS used
            RETURN used + [x IN coalesce(b.addedAliases, []) + coalesce(b.addedKeys, []) + coalesce(b.addedSources, [])
                           | split(x, '\t')[0]] + coalesce(b.setDescriptions, []) + coalesce(b.setDescriptionsEn, [])
                   AS ids
            """;

    /** Takes back the aliases, keys, sources and descriptions the batch added to entities it did not create. */
    private static final List<String> UNDO_TOUCHES = List.of("""
            MATCH (b:Batch {id: $batch})
            UNWIND coalesce(b.addedAliases, []) AS x
            WITH split(x, '\t') AS p
            MATCH (e:Entity {id: p[0]})
            SET e.aliases = [a IN e.aliases WHERE a <> p[1]]
            """, """
            MATCH (b:Batch {id: $batch})
            UNWIND coalesce(b.addedKeys, []) AS x
            WITH split(x, '\t') AS p
            MATCH (e:Entity {id: p[0]})
            SET e.keys = [k IN e.keys WHERE k <> p[1]]
            """, """
            MATCH (b:Batch {id: $batch})
            UNWIND coalesce(b.addedSources, []) AS x
            WITH split(x, '\t') AS p
            MATCH (e:Entity {id: p[0]})
            SET e.sources = [s IN e.sources WHERE s <> p[1]]
            """, """
            MATCH (b:Batch {id: $batch})
            UNWIND coalesce(b.setDescriptions, []) AS id
            MATCH (e:Entity {id: id})
            SET e.description = '', e.describedBy = null, e.descriptionTrust = null
            """, """
            MATCH (b:Batch {id: $batch})
            UNWIND coalesce(b.setDescriptionsEn, []) AS id
            MATCH (e:Entity {id: id})
            SET e.descriptionEn = ''
            """);

    /** An entity goes when no batch uses it any more and no relation holds on to it. */
    private static final String UNDO_ENTITIES = """
            MATCH (e:Entity)
            WHERE $batch IN e.batches
            SET e.batches = [x IN e.batches WHERE x <> $batch]
            SET e.trust = %s, e.descriptionTrust = %s
            WITH e WHERE size(e.batches) = 0 AND NOT EXISTS { (e)-[r]-(:Entity) }
            WITH e, e.id AS id
            DETACH DELETE e
            RETURN collect(id) AS deleted
            """.formatted(TrustLevels.effective("e", "e.batches"), TrustLevels.descriptionTrust("e"));

    private static final String DELETE_BATCH = "MATCH (b:Batch {id: $batch}) DELETE b";

    private BatchUndo() {
    }

    static BatchStore.UndoResult undo(TransactionContext tx, String batchId) {
        if (!tx.run(BATCH_EXISTS, Map.of("id", batchId)).single().get("exists").asBoolean()) {
            throw new NotFoundException("no batch " + batchId);
        }
        MergeUndo.refuseIfPinned(tx, batchId);
        String kind = tx.run(BATCH_KIND, Map.of("id", batchId)).single().get("kind").asString("");
        if (kind.equals(Decisions.REVIEW) || kind.equals(Decisions.RETRACTION)) {
            return Decisions.undo(tx, batchId);
        }
        Optional<BatchStore.UndoResult> merge = MergeUndo.undo(tx, batchId);
        if (merge.isPresent()) {
            return merge.get();
        }
        Map<String, Object> p = TrustLevels.params(tx);
        p.put("batch", batchId);
        Record affected = tx.run(AFFECTED, p).single();
        Record rel = tx.run(UNDO_RELATIONS, p).single();
        Record passageRows = tx.run(UNDO_PASSAGES, p).single();
        List<String> passages = passageRows.get("deleted").asList(Value::asString);
        UNDO_TOUCHES.forEach(q -> tx.run(q, p).consume());
        List<String> deleted = tx.run(UNDO_ENTITIES, p).single().get("deleted").asList(Value::asString);
        tx.run(DELETE_BATCH, p).consume();
        List<String> changed = new ArrayList<>(new LinkedHashSet<>(affected.get("ids").asList(Value::asString)));
        changed.removeAll(deleted);
        return new BatchStore.UndoResult(batchId, rel.get("deleted").asLong(), rel.get("kept").asLong(), deleted.size(),
                passages.size(), deleted, changed, passages, passageRows.get("kept").asList(Value::asString));
    }
}
