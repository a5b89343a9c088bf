package org.strokekg.graph;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.strokekg.error.InvalidInputException;
import org.strokekg.trust.Trust;

/**
 * Writes and undoes batches. A batch is one transaction: its node, its new entities, the aliases and sources it adds
 * to existing ones, its relations and passages. Every relation and entity lists the batches that assert it, so undo
 * removes exactly what the batch added: support it gave is withdrawn, and what nothing else supports is deleted.
 */
public final class BatchStore {

    private static final Logger log = LoggerFactory.getLogger(BatchStore.class);

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Z][A-Za-z0-9_]{0,63}");
    private static final int CHUNK = 20_000;

    private static final String CREATE_BATCH = """
            CREATE (b:Batch {id: $id, kind: $kind, label: $label, curator: $curator, createdAt: $createdAt,
                             trust: $trust})
            """;

    private static final String SET_COUNTS = """
            MATCH (b:Batch {id: $id}) SET b.countKeys = $countKeys, b.countValues = $countValues
            """;

    private static final String CREATE_ENTITIES = """
            UNWIND $rows AS row
            CREATE (e:Entity:%s {id: row.id, type: $type, name: row.name, aliases: row.aliases,
                                  description: row.description, descriptionEn: row.descriptionEn,
                                  sources: row.sources, keys: row.keys,
                                  batches: [$batch], createdAt: $createdAt, trust: row.trust,
                                  describedBy: row.describedBy, descriptionTrust: row.descriptionTrust,
                                  reviewedBy: row.reviewedBy, retractedBy: row.retractedBy})
            """;

    /** Adds only what is new and returns it, so the batch can record exactly what undo must take back. */
    private static final String TOUCH_ENTITIES = """
            UNWIND $rows AS row
            MATCH (e:Entity {id: row.id})
            WITH e, row,
                 [a IN row.aliases WHERE NOT a IN e.aliases | a] AS aliases,
                 [k IN row.keys WHERE NOT k IN e.keys | k] AS keys,
                 [s IN row.sources WHERE NOT s IN e.sources | s] AS sources,
                 (coalesce(e.description, '') = '' AND row.description <> '') AS describe,
                 (coalesce(e.descriptionEn, '') = '' AND row.descriptionEn <> '') AS describeEn
            SET e.aliases = e.aliases + aliases, e.keys = e.keys + keys, e.sources = e.sources + sources,
                e.batches = CASE WHEN $batch IN e.batches THEN e.batches ELSE e.batches + $batch END,
                e.description = CASE WHEN describe THEN row.description ELSE e.description END,
                e.descriptionEn = CASE WHEN describeEn THEN row.descriptionEn ELSE e.descriptionEn END,
                e.describedBy = CASE WHEN describe THEN $batch ELSE e.describedBy END,
                e.descriptionTrust = CASE WHEN NOT describe THEN e.descriptionTrust
                                          WHEN e.reviewedBy IS NOT NULL AND $trust = 'unreviewed' THEN 'reviewed'
                                          ELSE $trust END,
                e.trust = %s
            RETURN e.id AS id, aliases, keys, sources, describe, describeEn
            """.formatted(TrustLevels.raised("e"));

    private static final String RECORD_TOUCHES = """
            MATCH (b:Batch {id: $batch})
            SET b.addedAliases = $aliases, b.addedKeys = $keys, b.addedSources = $sources,
                b.setDescriptions = $described, b.setDescriptionsEn = $describedEn
            """;

    private static final String CREATE_RELATIONS = """
            UNWIND $rows AS row
            MATCH (a:Entity {id: row.start})
            MATCH (b:Entity {id: row.end})
            CREATE (a)-[r:%s {id: row.id, source: row.source, batch: $batch, batches: [$batch], curator: $curator,
                               createdAt: $createdAt, evidence: row.evidence, confidence: row.confidence,
                               trust: row.trust, reviewedBy: row.reviewedBy, retractedBy: row.retractedBy}]->(b)
            """;

    private static final String MERGE_RELATIONS = """
            UNWIND $rows AS row
            MATCH (a:Entity {id: row.start})
            MATCH (b:Entity {id: row.end})
            MERGE (a)-[r:%s {id: row.id}]->(b)
            ON CREATE SET r.source = row.source, r.batch = $batch, r.batches = [$batch], r.curator = $curator,
                          r.createdAt = $createdAt, r.evidence = row.evidence, r.confidence = row.confidence,
                          r.trust = row.trust, r.reviewedBy = row.reviewedBy, r.retractedBy = row.retractedBy
            ON MATCH SET r.batches = CASE WHEN $batch IN r.batches THEN r.batches ELSE r.batches + $batch END,
                         r.trust = RAISED
            RETURN count(CASE WHEN r.batch = $batch THEN 1 END) AS created
            """.replace("RAISED", TrustLevels.raised("r"));

    private static final String MERGE_PASSAGES = """
            UNWIND $rows AS row
            MERGE (p:Passage {id: row.id})
            ON CREATE SET p.title = row.title, p.text = row.text, p.source = row.source, p.topic = row.topic,
                          p.lang = row.lang, p.translationOf = row.translationOf, p.population = row.population,
                          p.entityIds = row.entityIds, p.batch = $batch, p.batches = [$batch], p.curator = $curator,
                          p.createdAt = $createdAt, p.trust = row.trust, p.reviewedBy = row.reviewedBy,
                          p.retractedBy = row.retractedBy
            ON MATCH SET p.batches = CASE WHEN $batch IN p.batches THEN p.batches ELSE p.batches + $batch END,
                         p.trust = RAISED
            WITH p, row
            WHERE p.batch = $batch
            UNWIND row.entityIds AS eid
            MATCH (e:Entity {id: eid})
            MERGE (p)-[:MENTIONS]->(e)
            """.replace("RAISED", TrustLevels.raised("p"));

    private static final String BATCH_EXISTS = "MATCH (b:Batch {id: $id}) RETURN count(b) > 0 AS exists";

    private static final String BATCH_BY_ID = "MATCH (b:Batch {id: $id}) RETURN b";
    private static final String BATCHES = "MATCH (b:Batch) RETURN b ORDER BY b.createdAt DESC, b.id LIMIT $limit";

    private static final String KEYS = """
            MATCH (e:Entity) RETURN e.id AS id, e.type AS type, e.name AS name, e.keys AS keys, e.trust AS trust""";

    private final GraphStore store;
    private final Map<String, String> queryCache = new ConcurrentHashMap<>();

    public BatchStore(GraphStore store) {
        this.store = store;
    }

    /** The audit trail of the writes made through this store's graph. */
    public AuditLog auditLog() {
        return new AuditLog(store);
    }

    public boolean exists(String batchId) {
        return store.read(tx -> tx.run(BATCH_EXISTS, Map.of("id", batchId)).single().get("exists").asBoolean());
    }

    public Optional<BatchInfo> batch(String batchId) {
        return store.read(tx -> {
            var result = tx.run(BATCH_BY_ID, Map.of("id", batchId));
            return result.hasNext() ? Optional.of(info(result.next().get("b"))) : Optional.empty();
        });
    }

    public List<BatchInfo> batches(int limit) {
        return store.read(tx -> tx.run(BATCHES, Map.of("limit", limit)).list(r -> info(r.get("b"))));
    }

    /** Every entity's matching keys, for resolution: key → (id, type) of the entities that carry it. */
    public List<KeyedEntity> keyedEntities() {
        return store.read(tx -> tx.run(KEYS).list(r -> new KeyedEntity(r.get("id").asString(),
                r.get("type").asString(), r.get("name").asString(), Rows.strings(r.get("keys")),
                Rows.trust(r.get("trust")))));
    }

    /** Curators' reviews and retractions of single facts, on the same graph. */
    public Decisions decisions() {
        return new Decisions(store);
    }

    /** An entity's id, type, canonical name, matching keys (the name's key first) and level. */
    public record KeyedEntity(String id, String type, String name, List<String> keys, Trust trust) {
        public KeyedEntity {
            keys = List.copyOf(keys);
        }
    }

    /**
     * What a commit wrote, and how long each part took inside its transaction ({@code writeEntitiesMs},
     * {@code writeTouchesMs}, {@code writeRelationsMs}, {@code writePassagesMs}; the commit itself is the rest of the
     * caller's time): what the ingest benchmark sets beside the floor's parts.
     */
    public record CommitResult(long entitiesCreated, long entitiesTouched, long relationsCreated,
                               long relationsSupported, long passagesCreated, long aliasesAdded,
                               Map<String, Long> timings) {

        public CommitResult {
            timings = Map.copyOf(timings);
        }

        Map<String, Long> asMap() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("entitiesCreated", entitiesCreated);
            m.put("entitiesTouched", entitiesTouched);
            m.put("relationsCreated", relationsCreated);
            m.put("relationsSupported", relationsSupported);
            m.put("passagesCreated", passagesCreated);
            m.put("aliasesAdded", aliasesAdded);
            return m;
        }
    }

    public CommitResult commit(BatchPlan plan) {
        BatchPlan.Header h = plan.header();
        Map<String, Object> common = new HashMap<>();
        common.put("batch", h.id());
        common.put("curator", h.curator());
        common.put("createdAt", h.createdAt().atZone(ZoneOffset.UTC));
        common.put("trust", h.trust().id());
        common.put("trustRanks", TrustLevels.RANKS);
        return store.write(tx -> {
            tx.run(CREATE_BATCH, Map.of("id", h.id(), "kind", h.kind(), "label", h.label(), "curator", h.curator(),
                    "createdAt", h.createdAt().atZone(ZoneOffset.UTC), "trust", h.trust().id())).consume();
            long t0 = System.nanoTime();
            createEntities(tx, plan, common);
            long t1 = System.nanoTime();
            long aliasesAdded = touchEntities(tx, plan.touched(), common);
            long t2 = System.nanoTime();
            long[] rel = writeRelations(tx, plan, common);
            long t3 = System.nanoTime();
            long passages = writePassages(tx, plan, common);
            log.debug("batch {}: entities {} ms, touches {} ms, relations {} ms, passages {} ms", h.id(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000,
                    (System.nanoTime() - t3) / 1_000_000);
            long t4 = System.nanoTime();
            CommitResult result = new CommitResult(plan.newEntities().size(), plan.touched().size(), rel[0], rel[1],
                    passages, aliasesAdded, Map.of("writeEntitiesMs", (t1 - t0) / 1_000_000,
                    "writeTouchesMs", (t2 - t1) / 1_000_000, "writeRelationsMs", (t3 - t2) / 1_000_000,
                    "writePassagesMs", (t4 - t3) / 1_000_000));
            Map<String, Long> counts = new LinkedHashMap<>(h.counts());
            counts.putAll(result.asMap());
            List<String> countKeys = new ArrayList<>(counts.keySet());
            tx.run(SET_COUNTS, Map.of("id", h.id(), "countKeys", countKeys,
                    "countValues", countKeys.stream().map(counts::get).toList())).consume();
            return result;
        });
    }

    private void createEntities(TransactionContext tx, BatchPlan plan, Map<String, Object> common) {
        Map<String, List<Map<String, Object>>> byType = new LinkedHashMap<>();
        for (BatchPlan.NewEntity e : plan.newEntities()) {
            Map<String, Object> row = decided(plan, FactRef.entity(e.id()));
            if (!e.description().isEmpty()) {
                row.put("describedBy", plan.header().id());
                row.put("descriptionTrust", row.get("trust"));
            }
            row.put("id", e.id());
            row.put("name", e.name());
            row.put("aliases", e.aliases());
            row.put("description", e.description());
            row.put("descriptionEn", e.descriptionEn());
            row.put("sources", e.sources());
            row.put("keys", e.keys());
            byType.computeIfAbsent(e.type(), t -> new ArrayList<>()).add(row);
        }
        byType.forEach((type, rows) -> {
            String query = cached("ce:" + type, () -> CREATE_ENTITIES.formatted(identifier("type", type)));
            for (List<Map<String, Object>> chunk : chunks(rows)) {
                Map<String, Object> params = new HashMap<>(common);
                params.put("type", type);
                params.put("rows", chunk);
                tx.run(query, params).consume();
            }
        });
    }

    private long touchEntities(TransactionContext tx, List<BatchPlan.EntityTouch> touched, Map<String, Object> common) {
        String batchId = (String) common.get("batch");
        List<String> aliases = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> described = new ArrayList<>();
        List<String> describedEn = new ArrayList<>();
        for (List<BatchPlan.EntityTouch> chunk : chunks(touched)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (BatchPlan.EntityTouch t : chunk) {
                rows.add(Map.of("id", t.id(), "aliases", t.addAliases(), "keys", t.addKeys(),
                        "sources", t.addSources(), "description", t.description().orElse(""),
                        "descriptionEn", t.descriptionEn().orElse("")));
            }
            tx.run(TOUCH_ENTITIES, Map.of("rows", rows, "batch", batchId, "trust", common.get("trust"),
                    "trustRanks", TrustLevels.RANKS)).forEachRemaining(r -> {
                String id = r.get("id").asString();
                r.get("aliases").asList(Value::asString).forEach(a -> aliases.add(id + '\t' + a));
                r.get("keys").asList(Value::asString).forEach(k -> keys.add(id + '\t' + k));
                r.get("sources").asList(Value::asString).forEach(s -> sources.add(id + '\t' + s));
                if (r.get("describe").asBoolean()) {
                    described.add(id);
                }
                if (r.get("describeEn").asBoolean()) {
                    describedEn.add(id);
                }
            });
        }
        tx.run(RECORD_TOUCHES, Map.of("batch", batchId, "aliases", aliases, "keys", keys, "sources", sources,
                "described", described, "describedEn", describedEn)).consume();
        return aliases.size();
    }

    private long[] writeRelations(TransactionContext tx, BatchPlan plan, Map<String, Object> common) {
        // a relation with a new end cannot exist yet: CREATE it; only one between existing entities needs MERGE
        Map<String, List<Map<String, Object>>> create = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> merge = new LinkedHashMap<>();
        for (BatchPlan.NewRelation r : plan.relations()) {
            Map<String, Object> row = decided(plan, FactRef.relation(r.id()));
            row.put("id", r.id());
            row.put("start", r.startId());
            row.put("end", r.endId());
            row.put("source", r.source());
            row.put("evidence", r.evidence().orElse(null));
            row.put("confidence", r.confidence().orElse(null));
            (r.endsExist() ? merge : create).computeIfAbsent(r.type(), t -> new ArrayList<>()).add(row);
        }
        long created = 0;
        long merged = 0;
        for (var e : create.entrySet()) {
            String query = cached("cr:" + e.getKey(), () -> CREATE_RELATIONS.formatted(identifier("predicate", e.getKey())));
            for (List<Map<String, Object>> chunk : chunks(e.getValue())) {
                Map<String, Object> params = new HashMap<>(common);
                params.put("rows", chunk);
                created += tx.run(query, params).consume().counters().relationshipsCreated();
            }
        }
        for (var e : merge.entrySet()) {
            String query = cached("mr:" + e.getKey(), () -> MERGE_RELATIONS.formatted(identifier("predicate", e.getKey())));
            for (List<Map<String, Object>> chunk : chunks(e.getValue())) {
                Map<String, Object> params = new HashMap<>(common);
                params.put("rows", chunk);
                long c = tx.run(query, params).single().get("created").asLong();
                created += c;
                merged += chunk.size() - c;
            }
        }
        return new long[] {created, merged};
    }

    private long writePassages(TransactionContext tx, BatchPlan plan, Map<String, Object> common) {
        long created = 0;
        for (List<BatchPlan.NewPassage> chunk : chunks(plan.passages())) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (BatchPlan.NewPassage p : chunk) {
                Map<String, Object> row = decided(plan, FactRef.passage(p.id()));
                row.put("id", p.id());
                row.put("title", p.title());
                row.put("text", p.text());
                row.put("source", p.source());
                row.put("topic", p.topic().orElse(null));
                row.put("lang", p.lang());
                row.put("translationOf", p.translationOf().orElse(null));
                row.put("population", p.population().orElse(null));
                row.put("entityIds", p.entityIds());
                rows.add(row);
            }
            Map<String, Object> params = new HashMap<>(common);
            params.put("rows", rows);
            created += tx.run(MERGE_PASSAGES, params).consume().counters().nodesCreated();
        }
        return created;
    }

    /**
     * What an undo removed, and which entities and passages it changed, so the indexes can follow: deleted ones leave
     * the index, changed ones are re-read and re-indexed.
     */
    public record UndoResult(String batchId, long relationsDeleted, long relationsKept, long entitiesDeleted,
                             long passagesDeleted, List<String> deletedEntityIds, List<String> changedEntityIds,
                             List<String> deletedPassageIds, List<String> changedPassageIds) {
        public UndoResult {
            deletedEntityIds = List.copyOf(deletedEntityIds);
            changedEntityIds = List.copyOf(changedEntityIds);
            deletedPassageIds = List.copyOf(deletedPassageIds);
            changedPassageIds = List.copyOf(changedPassageIds);
        }
    }

    /**
     * Merges entity {@code fromId} into {@code intoId} as one batch of kind {@code merge}, which {@link #undo} takes back
     * exactly (see {@link EntityMerges}).
     */
    public MergeResult merge(String intoId, String fromId, String curator, java.time.Instant at, Vocabulary vocabulary) {
        return store.write(tx -> EntityMerges.merge(tx, intoId, fromId, curator, at, vocabulary));
    }

    public UndoResult undo(String batchId) {
        return store.write(tx -> BatchUndo.undo(tx, batchId));
    }

    /**
     * A new row with the fact's level as this batch writes it and its standing decisions: the batch's level, raised to
     * reviewed by a standing review; a retraction keeps it out of every read.
     */
    private static Map<String, Object> decided(BatchPlan plan, FactRef fact) {
        Decided d = plan.decided(fact);
        Trust trust = plan.header().trust();
        if (d.reviewed()) {
            trust = trust.max(Trust.REVIEWED);
        }
        Map<String, Object> row = new HashMap<>();
        row.put("trust", trust.id());
        if (d.reviewed()) {
            row.put("reviewedBy", d.reviewedBy());
        }
        if (d.retracted()) {
            row.put("retractedBy", d.retractedBy());
        }
        return row;
    }

    private String cached(String key, java.util.function.Supplier<String> build) {
        return queryCache.computeIfAbsent(key, k -> build.get());
    }

    /** Labels and relationship types cannot be parameters; they come from the vocabulary and are checked here. */
    static String identifier(String field, String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new InvalidInputException(field, "not a valid type name: " + name);
        }
        return name;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    static BatchInfo info(Value b) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> keys = Rows.strings(b.get("countKeys"));
        List<Long> values = b.get("countValues").isNull() ? List.of() : b.get("countValues").asList(Value::asLong);
        for (int i = 0; i < Math.min(keys.size(), values.size()); i++) {
            counts.put(keys.get(i), values.get(i));
        }
        String reason = b.get("reason").asString("");
        return new BatchInfo(b.get("id").asString(), b.get("kind").asString(""), b.get("label").asString(""),
                b.get("curator").asString(""), b.get("createdAt").asZonedDateTime().toInstant(), counts,
                Trust.of(b.get("trust").asString("")).orElse(Trust.UNREVIEWED),
                reason.isEmpty() ? Optional.empty() : Optional.of(reason),
                Rows.strings(b.get("targets")).stream().map(FactRef::ofStored).toList());
    }
}
