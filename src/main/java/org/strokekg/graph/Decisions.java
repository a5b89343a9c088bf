package org.strokekg.graph;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;

/**
 * Curators' decisions on single facts, each a batch like every other change: a {@code review} promotes relations,
 * entities or passages to {@code reviewed}; a {@code retraction} withdraws them (a retracted entity takes its relations
 * with it), and every read leaves them out. The batch lists its facts by id ({@code targets}), with the curator and the
 * reason, so that undo ({@link #undo}) takes back exactly its part, and so that a fact written again later (its source
 * undone and loaded again) gets the standing decisions ({@link #active}).
 */
public final class Decisions {

    public static final String REVIEW = "review";
    public static final String RETRACTION = "retraction";

    private static final String CREATE_BATCH = """
            CREATE (b:Batch {id: $id, kind: $kind, label: $label, curator: $curator, createdAt: $createdAt,
                             trust: 'reviewed', reason: $reason, targets: $targets,
                             countKeys: $countKeys, countValues: $countValues})
            """;

    private static final String FIND_RELATIONS = """
            MATCH (:Entity)-[r]->(:Entity) WHERE r.id IN $ids RETURN DISTINCT r.id AS id""";
    private static final String FIND_ENTITIES = "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id";
    private static final String FIND_PASSAGES = "UNWIND $ids AS id MATCH (p:Passage {id: id}) RETURN p.id AS id";

    private static final String REVIEW_RELATIONS = """
            MATCH (:Entity)-[r]->(:Entity) WHERE r.id IN $ids
            SET r.reviewedBy = coalesce(r.reviewedBy, []) + $batch,
                r.trust = CASE WHEN coalesce($trustRanks[r.trust], 0) < 1 THEN 'reviewed' ELSE r.trust END
            """;
    private static final String REVIEW_ENTITIES = """
            UNWIND $ids AS id MATCH (e:Entity {id: id})
            SET e.reviewedBy = coalesce(e.reviewedBy, []) + $batch,
                e.trust = CASE WHEN coalesce($trustRanks[e.trust], 0) < 1 THEN 'reviewed' ELSE e.trust END,
                e.descriptionTrust = CASE WHEN coalesce(e.description, '') = '' THEN null
                                          WHEN coalesce($trustRanks[e.descriptionTrust], 0) < 1 THEN 'reviewed'
                                          ELSE e.descriptionTrust END
            """;
    private static final String REVIEW_PASSAGES = """
            UNWIND $ids AS id MATCH (p:Passage {id: id})
            SET p.reviewedBy = coalesce(p.reviewedBy, []) + $batch,
                p.trust = CASE WHEN coalesce($trustRanks[p.trust], 0) < 1 THEN 'reviewed' ELSE p.trust END
            """;
    private static final String RETRACT_RELATIONS = """
            MATCH (:Entity)-[r]->(:Entity) WHERE r.id IN $ids
            SET r.retractedBy = coalesce(r.retractedBy, []) + $batch
            """;
    /** A retracted entity takes every relation it is in with it (and so does a later load, see {@link #active}). */
    private static final String RETRACT_ENTITIES = """
            UNWIND $ids AS id MATCH (e:Entity {id: id})
            SET e.retractedBy = coalesce(e.retractedBy, []) + $batch
            WITH e
            OPTIONAL MATCH (e)-[r]-(:Entity)
            WITH DISTINCT r WHERE r IS NOT NULL AND NOT $batch IN coalesce(r.retractedBy, [])
            SET r.retractedBy = coalesce(r.retractedBy, []) + $batch
            """;
    private static final String RETRACT_PASSAGES = """
            UNWIND $ids AS id MATCH (p:Passage {id: id})
            SET p.retractedBy = coalesce(p.retractedBy, []) + $batch
            """;

    private static final String UNDO_RELATIONS = """
            MATCH (:Entity)-[r]->(:Entity)
            WHERE $batch IN coalesce(r.reviewedBy, []) OR $batch IN coalesce(r.retractedBy, [])
            WITH r, [x IN coalesce(r.reviewedBy, []) WHERE x <> $batch] AS reviewed,
                 [x IN coalesce(r.retractedBy, []) WHERE x <> $batch] AS retracted
            SET r.reviewedBy = CASE WHEN size(reviewed) = 0 THEN null ELSE reviewed END,
                r.retractedBy = CASE WHEN size(retracted) = 0 THEN null ELSE retracted END
            SET r.trust = %s
            RETURN count(r) AS n
            """.formatted(TrustLevels.effective("r", "coalesce(r.batches, [r.batch])"));
    private static final String UNDO_ENTITIES = """
            MATCH (e:Entity)
            WHERE $batch IN coalesce(e.reviewedBy, []) OR $batch IN coalesce(e.retractedBy, [])
            WITH e, [x IN coalesce(e.reviewedBy, []) WHERE x <> $batch] AS reviewed,
                 [x IN coalesce(e.retractedBy, []) WHERE x <> $batch] AS retracted
            SET e.reviewedBy = CASE WHEN size(reviewed) = 0 THEN null ELSE reviewed END,
                e.retractedBy = CASE WHEN size(retracted) = 0 THEN null ELSE retracted END
            SET e.trust = %s, e.descriptionTrust = %s
            RETURN collect(e.id) AS ids
            """.formatted(TrustLevels.effective("e", "coalesce(e.batches, [])"), TrustLevels.descriptionTrust("e"));
    private static final String UNDO_PASSAGES = """
            MATCH (p:Passage)
            WHERE $batch IN coalesce(p.reviewedBy, []) OR $batch IN coalesce(p.retractedBy, [])
            WITH p, [x IN coalesce(p.reviewedBy, []) WHERE x <> $batch] AS reviewed,
                 [x IN coalesce(p.retractedBy, []) WHERE x <> $batch] AS retracted
            SET p.reviewedBy = CASE WHEN size(reviewed) = 0 THEN null ELSE reviewed END,
                p.retractedBy = CASE WHEN size(retracted) = 0 THEN null ELSE retracted END
            SET p.trust = %s
            RETURN collect(p.id) AS ids
            """.formatted(TrustLevels.effective("p", "coalesce(p.batches, [p.batch])"));
    private static final String DELETE_BATCH = "MATCH (b:Batch {id: $batch}) DELETE b";

    private static final String ACTIVE = """
            MATCH (b:Batch) WHERE b.kind IN ['review', 'retraction']
            RETURN b.id AS id, b.kind AS kind, coalesce(b.targets, []) AS targets
            ORDER BY b.createdAt, b.id
            """;

    /** At most this many facts in one decision (a curator's selection, not a bulk load). */
    public static final int MAX_TARGETS = 10_000;

    private final GraphStore store;

    public Decisions(GraphStore store) {
        this.store = store;
    }

    /**
     * What a review or retraction did: its batch, and which entities and passages the search indexes must re-read
     * (a retracted one leaves them, a reviewed one changes its level).
     */
    public record Result(String batchId, String kind, String curator, String reason, List<FactRef> targets,
                         long relations, long entities, long passages, List<String> entityIds,
                         List<String> passageIds) {
        public Result {
            targets = List.copyOf(targets);
            entityIds = List.copyOf(entityIds);
            passageIds = List.copyOf(passageIds);
        }
    }

    /**
     * Records a review or retraction of these facts as one batch. Ids name relations ({@code r-…}), entities or
     * passages; {@code relation:}, {@code entity:} or {@code passage:} in front says which where an id could be both.
     * Refused as a whole when an id names nothing or is ambiguous.
     */
    public Result decide(String kind, List<String> ids, String curator, String reason, Instant at) {
        if (!kind.equals(REVIEW) && !kind.equals(RETRACTION)) {
            throw new IllegalArgumentException("not a decision: " + kind);
        }
        if (ids.isEmpty()) {
            throw new InvalidInputException("ids", "no fact given");
        }
        if (ids.size() > MAX_TARGETS) {
            throw new InvalidInputException("ids", "at most " + MAX_TARGETS + " facts at a time, got " + ids.size());
        }
        return store.write(tx -> {
            List<FactRef> targets = resolve(tx, ids);
            String batchId = "b-" + Ids.sha256Hex(kind + '\u0001' + curator + '\u0001' + reason + '\u0001' + at
                    + '\u0001' + targets.stream().map(FactRef::stored).toList(), 16);
            Map<String, List<String>> byKind = new HashMap<>();
            targets.forEach(t -> byKind.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t.id()));
            List<String> relations = byKind.getOrDefault(FactRef.RELATION, List.of());
            List<String> entities = byKind.getOrDefault(FactRef.ENTITY, List.of());
            List<String> passages = byKind.getOrDefault(FactRef.PASSAGE, List.of());
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("relations", (long) relations.size());
            counts.put("entities", (long) entities.size());
            counts.put("passages", (long) passages.size());
            List<String> countKeys = new ArrayList<>(counts.keySet());
            Map<String, Object> batch = new HashMap<>();
            batch.put("id", batchId);
            batch.put("kind", kind);
            batch.put("label", label(kind, targets));
            batch.put("curator", curator);
            batch.put("createdAt", at.atZone(ZoneOffset.UTC));
            batch.put("reason", reason);
            batch.put("targets", targets.stream().map(FactRef::stored).toList());
            batch.put("countKeys", countKeys);
            batch.put("countValues", countKeys.stream().map(counts::get).toList());
            tx.run(CREATE_BATCH, batch).consume();
            boolean review = kind.equals(REVIEW);
            write(tx, review ? REVIEW_RELATIONS : RETRACT_RELATIONS, relations, batchId);
            write(tx, review ? REVIEW_ENTITIES : RETRACT_ENTITIES, entities, batchId);
            write(tx, review ? REVIEW_PASSAGES : RETRACT_PASSAGES, passages, batchId);
            return new Result(batchId, kind, curator, reason, targets, relations.size(), entities.size(),
                    passages.size(), entities, passages);
        });
    }

    private static void write(TransactionContext tx, String query, List<String> ids, String batchId) {
        if (!ids.isEmpty()) {
            tx.run(query, Map.of("ids", ids, "batch", batchId, "trustRanks", TrustLevels.RANKS)).consume();
        }
    }

    private static String label(String kind, List<FactRef> targets) {
        String what = targets.size() == 1 ? targets.getFirst().kind() + " " + targets.getFirst().id()
                : targets.size() + " facts";
        return kind + " of " + what;
    }

    /** Finds what each id names; refuses unknown and ambiguous ids, naming them. */
    private static List<FactRef> resolve(TransactionContext tx, List<String> ids) {
        Set<String> relationIds = new LinkedHashSet<>();
        Set<String> otherIds = new LinkedHashSet<>();
        List<FactRef> explicit = new ArrayList<>();
        for (String raw : ids) {
            String id = raw.strip();
            int colon = id.indexOf(':');
            String prefix = colon > 0 ? id.substring(0, colon) : "";
            if (prefix.equals(FactRef.RELATION) || prefix.equals(FactRef.ENTITY) || prefix.equals(FactRef.PASSAGE)) {
                explicit.add(new FactRef(prefix, id.substring(colon + 1)));
            } else if (id.startsWith("r-")) {
                relationIds.add(id);
            } else {
                otherIds.add(id);
            }
        }
        explicit.forEach(f -> (f.kind().equals(FactRef.RELATION) ? relationIds : otherIds).add(f.id()));
        Set<String> relations = found(tx, FIND_RELATIONS, relationIds);
        Set<String> entities = found(tx, FIND_ENTITIES, otherIds);
        Set<String> passages = found(tx, FIND_PASSAGES, otherIds);
        List<FactRef> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> ambiguous = new ArrayList<>();
        Set<FactRef> seen = new LinkedHashSet<>();
        for (String raw : ids) {
            String id = raw.strip();
            FactRef ref = explicit.stream().filter(f -> (f.kind() + ":" + f.id()).equals(id)).findFirst().orElse(null);
            if (ref != null) {
                boolean exists = switch (ref.kind()) {
                    case FactRef.RELATION -> relations.contains(ref.id());
                    case FactRef.ENTITY -> entities.contains(ref.id());
                    default -> passages.contains(ref.id());
                };
                if (!exists) {
                    missing.add(id);
                }
            } else if (relationIds.contains(id)) {
                ref = relations.contains(id) ? FactRef.relation(id) : null;
                if (ref == null) {
                    missing.add(id);
                }
            } else if (entities.contains(id) && passages.contains(id)) {
                ambiguous.add(id);
            } else if (entities.contains(id)) {
                ref = FactRef.entity(id);
            } else if (passages.contains(id)) {
                ref = FactRef.passage(id);
            } else {
                missing.add(id);
            }
            if (ref != null && seen.add(ref)) {
                out.add(ref);
            }
        }
        if (!missing.isEmpty()) {
            throw new NotFoundException("no relation, entity or passage " + String.join(", ", missing.stream()
                    .limit(20).toList()) + (missing.size() > 20 ? " (and " + (missing.size() - 20) + " more)" : "")
                    + ": nothing decided");
        }
        if (!ambiguous.isEmpty()) {
            throw new InvalidInputException("ids", "both an entity and a passage: " + String.join(", ", ambiguous)
                    + "; write entity:ID or passage:ID");
        }
        return out;
    }

    private static Set<String> found(TransactionContext tx, String query, Set<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        tx.run(query, Map.of("ids", List.copyOf(ids))).forEachRemaining(r -> out.add(r.get("id").asString()));
        return out;
    }

    /**
     * Every standing decision, by fact, oldest first: what a load must write on a fact it (re-)creates. An entity's
     * retraction also withdraws every relation it is in, so a planner adds its ends' retractions to a relation's.
     */
    public Map<FactRef, Decided> active() {
        return store.read(tx -> {
            Map<FactRef, Decided> out = new HashMap<>();
            tx.run(ACTIVE).forEachRemaining(r -> {
                String batch = r.get("id").asString();
                boolean review = r.get("kind").asString().equals(REVIEW);
                for (String t : Rows.strings(r.get("targets"))) {
                    Decided d = review ? new Decided(List.of(batch), List.of()) : new Decided(List.of(), List.of(batch));
                    out.merge(FactRef.ofStored(t), d, Decided::plus);
                }
            });
            return out;
        });
    }

    /**
     * Undoes a review or retraction batch inside the undo's transaction: its id leaves every fact's
     * {@code reviewedBy} and {@code retractedBy}, and levels are computed again from the batches that remain.
     */
    static BatchStore.UndoResult undo(TransactionContext tx, String batchId) {
        Map<String, Object> p = TrustLevels.params(tx);
        p.put("batch", batchId);
        long relations = tx.run(UNDO_RELATIONS, p).single().get("n").asLong();
        List<String> entities = tx.run(UNDO_ENTITIES, p).single().get("ids").asList(Value::asString);
        List<String> passages = tx.run(UNDO_PASSAGES, p).single().get("ids").asList(Value::asString);
        tx.run(DELETE_BATCH, p).consume();
        return new BatchStore.UndoResult(batchId, 0, relations, 0, 0, List.of(), entities, List.of(), passages);
    }
}
