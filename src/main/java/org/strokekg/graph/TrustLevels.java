package org.strokekg.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.neo4j.driver.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.trust.Trust;

/**
 * How trust levels live in the graph. Every batch node has a {@code trust}. Every relation, entity and passage has the
 * effective {@code trust}: the highest of the batches that assert it, raised to {@code reviewed} while a review batch
 * lists it ({@code reviewedBy}); an entity's {@code descriptionTrust} is that of the batch that set its description
 * ({@code describedBy}), likewise raised by a review. A fact a retraction batch lists carries {@code retractedBy} and is
 * left out of every read. The Cypher here recomputes a level from those lists with the batches' levels as a parameter
 * ({@link #params}), so that an undo lowers exactly what the undone batch raised.
 */
public final class TrustLevels {

    private static final Logger log = LoggerFactory.getLogger(TrustLevels.class);
    private static final int CHUNK = 20_000;

    /** Rank → name, for Cypher: {@code $trustNames[rank]}. */
    static final List<String> NAMES = List.of(Trust.UNREVIEWED.id(), Trust.REVIEWED.id(), Trust.CURATED.id());
    /** Name → rank, for Cypher: {@code $trustRanks[name]}. */
    static final Map<String, Integer> RANKS = Map.of(Trust.UNREVIEWED.id(), 0, Trust.REVIEWED.id(), 1,
            Trust.CURATED.id(), 2);

    private static final String BATCH_TRUST = "MATCH (b:Batch) RETURN b.id AS id, coalesce(b.trust, '') AS trust, "
            + "coalesce(b.kind, '') AS kind, coalesce(b.label, '') AS label";
    private static final String SET_BATCH_TRUST = "UNWIND $rows AS row MATCH (b:Batch {id: row.id}) SET b.trust = row.trust";
    private static final String MIGRATE_RELATIONS = """
            MATCH (:Entity)-[r]->(:Entity) WHERE r.trust IS NULL
            WITH r LIMIT $chunk
            SET r.trust = %s
            RETURN count(*) AS n
            """.formatted(effective("r", "coalesce(r.batches, [r.batch])"));
    private static final String MIGRATE_PASSAGES = """
            MATCH (p:Passage) WHERE p.trust IS NULL
            WITH p LIMIT $chunk
            SET p.trust = %s
            RETURN count(*) AS n
            """.formatted(effective("p", "coalesce(p.batches, [p.batch])"));
    private static final String MIGRATE_ENTITIES = """
            MATCH (e:Entity) WHERE e.trust IS NULL
            WITH e LIMIT $chunk
            SET e.trust = %s,
                e.describedBy = CASE WHEN coalesce(e.description, '') <> '' THEN coalesce(e.batches, [])[0] END
            SET e.descriptionTrust = %s
            RETURN count(*) AS n
            """.formatted(effective("e", "coalesce(e.batches, [])"), descriptionTrust("e"));

    private static final Pattern BULK_LABEL = Pattern.compile(".*(medical_\\d+\\.json|disease\\.csv).*");

    private final GraphStore store;

    public TrustLevels(GraphStore store) {
        this.store = store;
    }

    /**
     * Cypher for the effective level of {@code x} (a relation, entity or passage) supported by the batches of the list
     * expression {@code batches}: the highest batch level, at least {@code reviewed} while a review lists it. Needs
     * {@link #params}.
     */
    static String effective(String x, String batches) {
        return ("$trustNames[reduce(t = CASE WHEN %1$s.reviewedBy IS NULL THEN 0 ELSE 1 END, b IN %2$s | "
                + "CASE WHEN coalesce($batchRanks[b], 0) > t THEN $batchRanks[b] ELSE t END)]").formatted(x, batches);
    }

    /** Cypher for an entity's description level (null without a description). Needs {@link #params}. */
    static String descriptionTrust(String e) {
        return ("CASE WHEN coalesce(%1$s.description, '') = '' THEN null ELSE $trustNames[CASE "
                + "WHEN %1$s.reviewedBy IS NOT NULL AND coalesce($batchRanks[%1$s.describedBy], 0) < 1 THEN 1 "
                + "ELSE coalesce($batchRanks[%1$s.describedBy], 0) END] END").formatted(e);
    }

    /** Cypher: the more trusted of {@code x}'s level and the level {@code $trust}. Needs {@link #params}. */
    static String raised(String x) {
        return "CASE WHEN coalesce($trustRanks[%1$s.trust], 0) < $trustRanks[$trust] THEN $trust ELSE %1$s.trust END"
                .formatted(x);
    }

    /** {@code trustNames}, {@code trustRanks} and {@code batchRanks} (every batch's level, read in {@code tx}). */
    static Map<String, Object> params(TransactionContext tx) {
        Map<String, Integer> batchRanks = new HashMap<>();
        tx.run(BATCH_TRUST).forEachRemaining(r -> batchRanks.put(r.get("id").asString(),
                Trust.of(r.get("trust").asString()).orElse(Trust.UNREVIEWED).rank()));
        Map<String, Object> p = new HashMap<>();
        p.put("trustNames", NAMES);
        p.put("trustRanks", RANKS);
        p.put("batchRanks", batchRanks);
        return p;
    }

    /**
     * Gives every batch, relation, entity and passage of a graph written before trust levels existed its level: a seed
     * batch is curated, the crawl files ({@code medical_N.json}, {@code disease.csv}) unreviewed, every other load and
     * every merge reviewed. Cheap when there is nothing to do (one read of the batches). Returns the batches given a level.
     */
    public int migrate() {
        List<Map<String, Object>> rows = store.read(tx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            tx.run(BATCH_TRUST).forEachRemaining(r -> {
                if (r.get("trust").asString().isEmpty()) {
                    out.add(Map.of("id", r.get("id").asString(), "trust",
                            defaultFor(r.get("kind").asString(), r.get("label").asString()).id()));
                }
            });
            return out;
        });
        if (!rows.isEmpty()) {
            store.write(tx -> tx.run(SET_BATCH_TRUST, Map.of("rows", rows)).consume());
        }
        long relations = chunked(MIGRATE_RELATIONS);
        long entities = chunked(MIGRATE_ENTITIES);
        long passages = chunked(MIGRATE_PASSAGES);
        if (!rows.isEmpty() || relations + entities + passages > 0) {
            log.info("trust levels given to a graph from before them: {} batches, {} relations, {} entities, "
                    + "{} passages", rows.size(), relations, entities, passages);
        }
        return rows.size();
    }

    private long chunked(String query) {
        long total = 0;
        long n;
        do {
            n = store.write(tx -> {
                Map<String, Object> p = params(tx);
                p.put("chunk", CHUNK);
                return tx.run(query, p).single().get("n").asLong();
            });
            total += n;
        } while (n > 0);
        return total;
    }

    /** The level a batch from before trust levels gets, by its kind and file names. */
    static Trust defaultFor(String kind, String label) {
        if (kind.equals("seed")) {
            return Trust.CURATED;
        }
        return BULK_LABEL.matcher(label).matches() ? Trust.UNREVIEWED : Trust.REVIEWED;
    }
}
