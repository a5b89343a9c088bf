package org.strokekg.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.strokekg.error.InvalidInputException;
import org.strokekg.trust.Trust;

/**
 * Read queries over the graph. Every query is constant text with {@code $parameters}; results become records before
 * the transaction ends. Passages hang off entities by {@code MENTIONS}; the graph queries never walk through them.
 */
public final class GraphQueries {

    /** Longest path the paths query explores; the quantifier must be a literal, so one constant query per length. */
    public static final int MAX_PATH_LENGTH = 5;
    public static final int MAX_LIMIT = 500;

    /**
     * Relations that join almost everything to a few hubs (a department, a common food): a path through them says
     * nothing clinical, so path search leaves them out unless the caller names them.
     */
    public static final Set<String> HUB_RELATIONS = Set.of("BELONGS_TO", "RECOMMENDED_FOOD", "AVOID_FOOD");

    /** Which neighbours come first: the relations a clinician reads first, then the rest. */
    private static final Map<String, Integer> RELATION_RANK = rankOf(List.of(
            "SUBTYPE_OF", "WARNING_SIGN_OF", "HAS_SYMPTOM", "COMPLICATION_OF", "RISK_FACTOR_OF", "CAUSES",
            "TREATED_BY", "REHABILITATED_BY", "PREVENTED_BY", "MANAGED_BY", "DIAGNOSED_BY", "ASSESSED_BY",
            "MONITORED_BY", "USES", "CONTRAINDICATED_WITH", "ASSOCIATED_WITH", "LOCATED_IN", "BELONGS_TO",
            "RECOMMENDED_FOOD", "AVOID_FOOD"));

    private static final String ENTITY_BY_ID =
            "MATCH (e:Entity {id: $id}) RETURN " + Rows.entity("e") + " AS e";

    private static final String ENTITIES_BY_ID =
            "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN " + Rows.entity("e") + " AS e";

    private static final String STATS_ENTITIES = """
            MATCH (e:Entity) RETURN e.type AS type, e.retractedBy IS NOT NULL AS retracted, count(*) AS n""";
    private static final String STATS_RELATIONS = """
            MATCH (:Entity)-[r]->(:Entity)
            RETURN type(r) AS type, coalesce(r.trust, 'unreviewed') AS trust, r.retractedBy IS NOT NULL AS retracted,
                   count(*) AS n""";
    private static final String STATS_PASSAGES = """
            MATCH (p:Passage)
            RETURN coalesce(p.trust, 'unreviewed') AS trust, p.retractedBy IS NOT NULL AS retracted, count(*) AS n""";
    private static final String STATS_BATCHES = "MATCH (b:Batch) RETURN coalesce(b.trust, 'unreviewed') AS trust, count(*) AS n";

    private static final String NEIGHBOURS_1 = """
            MATCH (c:Entity {id: $id})-[r]-(n:Entity)
            WHERE ($rels IS NULL OR type(r) IN $rels) AND ($types IS NULL OR n.type IN $types)
              AND r.retractedBy IS NULL AND ($minTrust = 0 OR coalesce($trustRanks[r.trust], 0) >= $minTrust)
            WITH r, n, coalesce($rank[type(r)], 99) AS rank, coalesce(r.confidence, 1.0) AS conf
            ORDER BY rank, conf DESC, COUNT { (n)--() } DESC, n.name
            WITH collect({r: r, n: n}) AS found
            RETURN size(found) AS total, [x IN found[0..$limit] | {r: %s, n: %s}] AS rows
            """.formatted(Rows.relation("x.r"), Rows.entity("x.n"));

    private static final String NEIGHBOURS_2 = """
            MATCH (c:Entity {id: $id})-[r1]-(m:Entity)-[r2]-(n:Entity)
            WHERE n <> c
              AND ($rels IS NULL OR (type(r1) IN $rels AND type(r2) IN $rels))
              AND ($types IS NULL OR n.type IN $types) AND r1.retractedBy IS NULL AND r2.retractedBy IS NULL
              AND ($minTrust = 0 OR (coalesce($trustRanks[r1.trust], 0) >= $minTrust
                                     AND coalesce($trustRanks[r2.trust], 0) >= $minTrust))
            WITH r1, m, r2, n, coalesce($rank[type(r1)], 99) + coalesce($rank[type(r2)], 99) AS rank
            ORDER BY rank, n.name
            WITH collect({r1: r1, m: m, r2: r2, n: n}) AS found
            RETURN size(found) AS total,
                   [x IN found[0..$limit] | {r1: %s, m: %s, r2: %s, n: %s}] AS rows
            """.formatted(Rows.relation("x.r1"), Rows.entity("x.m"), Rows.relation("x.r2"), Rows.entity("x.n"));

    private static final String SEARCH = """
            MATCH (e:Entity)
            WHERE ($type IS NULL OR e.type = $type) AND any(k IN e.keys WHERE k CONTAINS $q)
            WITH e, CASE WHEN $q IN e.keys THEN 0
                         WHEN any(k IN e.keys WHERE k STARTS WITH $q) THEN 1 ELSE 2 END AS rank
            ORDER BY rank, size(e.name), e.name
            LIMIT $limit
            RETURN %s AS e
            """.formatted(Rows.entity("e"));

    private static final String AROUND = """
            UNWIND $ids AS id
            MATCH (c:Entity {id: id})
            CALL (c) {
              MATCH (c)-[r]-(n:Entity)
              WHERE ($types IS NULL OR type(r) IN $types) AND r.retractedBy IS NULL
              // past the cap, the facts a source vouches for most are kept (a hub's crawl relations carry none)
              WITH r, n ORDER BY coalesce(r.confidence, 0.0) DESC
              RETURN r, n LIMIT $cap
            }
            WITH c, collect({r: %s, n: %s}) AS hops
            // degrees by relationship type are kept by the store: no walk over a hub's thousands of relations
            RETURN %s AS c, COUNT { (c)--() } - COUNT { (c)<-[:MENTIONS]-() } AS degree, hops
            """.formatted(Rows.relation("r"), Rows.entity("n"), Rows.entity("c"));

    /** Degrees as {@link #AROUND} counts them, of the entities with at least one relation of the given types. */
    private static final String DEGREES_WITH = """
            UNWIND $ids AS id
            MATCH (c:Entity {id: id})
            WHERE EXISTS { MATCH (c)-[r]-(:Entity) WHERE ($types IS NULL OR type(r) IN $types) AND r.retractedBy IS NULL }
            RETURN c.id AS id, COUNT { (c)--() } - COUNT { (c)<-[:MENTIONS]-() } AS degree
            """;

    /**
     * How long a cached neighbourhood or path may live: writes through this process clear it at once, and so do
     * another process's batches, merges and undos within about a second ({@link GraphStore#generation}); this bounds
     * how long an edit that changes no count (a property set by hand) goes unseen.
     */
    static final int CACHE_SECONDS = 600;

    private final GraphStore store;
    private final ReadCache<Entity> entityCache;
    private final ReadCache<Around> aroundCache;
    private final ReadCache<List<GraphPath>> pathCache;
    private final ReadCache<Map<String, Long>> degreeCache;
    private final PathQueries paths;

    public GraphQueries(GraphStore store) {
        this.store = store;
        long ttl = TimeUnit.SECONDS.toNanos(CACHE_SECONDS);
        // bounded by what they hold. An entity is up to about 2 KB (a crawl disease's description) and is held once:
        // neighbourhoods and paths share the cached instance (canonical). A hop or a path step is then its relation,
        // about 200 bytes with its repeated strings interned. At most ~50 + 80 + 40 MB; the answer benchmark's 2,078
        // questions need about half of it, and at 100,000 hops the neighbourhoods were read again and again.
        this.entityCache = new ReadCache<>(store::generation, e -> 1, 25_000, ttl);
        this.aroundCache = new ReadCache<>(store::generation, a -> a.hops().size() + 1, 400_000, ttl);
        this.pathCache = new ReadCache<>(store::generation,
                ps -> 1 + ps.stream().mapToInt(p -> p.nodes().size()).sum(), 200_000, ttl);
        this.degreeCache = new ReadCache<>(store::generation, d -> 1 + d.size(), 100_000, ttl);
        this.paths = new PathQueries(store, pathCache, this::canonical);
    }

    /**
     * Changes whenever the graph may have changed ({@link GraphStore#generation}): for caches of what is derived from
     * these reads, which are themselves kept no longer than {@link #CACHE_SECONDS}.
     */
    public long generation() {
        return store.generation();
    }

    public Optional<Entity> entity(String id) {
        return store.read(tx -> {
            var result = tx.run(ENTITY_BY_ID, Map.of("id", id));
            return result.hasNext() ? Optional.of(Rows.entity(result.next().get("e"))) : Optional.empty();
        });
    }

    public List<Entity> entities(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Entity> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            entityCache.get(id).ifPresentOrElse(e -> found.put(id, e), () -> missing.add(id));
        }
        if (!missing.isEmpty()) {
            long generation = entityCache.generation();
            for (Entity e : store.read(tx -> tx.run(ENTITIES_BY_ID, Map.of("ids", missing))
                    .list(r -> Rows.entity(r.get("e"))))) {
                found.put(e.id(), e);
                entityCache.put(e.id(), e, generation);
            }
        }
        return new LinkedHashSet<>(ids).stream().map(found::get).filter(Objects::nonNull).toList();
    }

    /**
     * Entities whose name or an alias contains the query, exact matches first, then prefixes; the query is compared
     * with the entities' matching keys, so it must be normalised the same way ({@code TextNormalizer.forMatching}).
     */
    public List<Entity> search(String normalisedQuery, Optional<String> type, int limit) {
        checkLimit(limit);
        Map<String, Object> params = new HashMap<>();
        params.put("q", normalisedQuery);
        params.put("type", type.orElse(null));
        params.put("limit", limit);
        return store.read(tx -> tx.run(SEARCH, params).list(r -> Rows.entity(r.get("e"))));
    }

    public GraphStats stats() {
        return store.read(tx -> {
            Map<String, Long> retracted = new TreeMap<>(Map.of("relations", 0L, "entities", 0L, "passages", 0L));
            Map<String, Long> byType = new TreeMap<>();
            tx.run(STATS_ENTITIES).forEachRemaining(r -> count(r.get("retracted").asBoolean() ? retracted : byType,
                    r.get("retracted").asBoolean() ? "entities" : r.get("type").asString("?"), r.get("n").asLong()));
            Map<String, Long> byRel = new TreeMap<>();
            Map<String, Long> relTrust = new TreeMap<>();
            tx.run(STATS_RELATIONS).forEachRemaining(r -> {
                if (r.get("retracted").asBoolean()) {
                    count(retracted, "relations", r.get("n").asLong());
                } else {
                    count(byRel, r.get("type").asString(), r.get("n").asLong());
                    count(relTrust, r.get("trust").asString(), r.get("n").asLong());
                }
            });
            Map<String, Long> passageTrust = new TreeMap<>();
            tx.run(STATS_PASSAGES).forEachRemaining(r -> count(r.get("retracted").asBoolean() ? retracted : passageTrust,
                    r.get("retracted").asBoolean() ? "passages" : r.get("trust").asString(), r.get("n").asLong()));
            Map<String, Long> batchTrust = new TreeMap<>();
            tx.run(STATS_BATCHES).forEachRemaining(r -> count(batchTrust, r.get("trust").asString(), r.get("n").asLong()));
            long entities = byType.values().stream().mapToLong(Long::longValue).sum();
            long relations = byRel.values().stream().mapToLong(Long::longValue).sum();
            return new GraphStats(entities, relations, byType, byRel,
                    batchTrust.values().stream().mapToLong(Long::longValue).sum(),
                    passageTrust.values().stream().mapToLong(Long::longValue).sum(), relTrust, passageTrust, batchTrust,
                    retracted);
        });
    }

    private static void count(Map<String, Long> counts, String key, long n) {
        counts.merge(key, n, Long::sum);
    }

    /** The entity and its neighbours within {@code depth} (1 or 2) hops, ranked, at most {@code limit} relations. */
    public Optional<Neighbourhood> neighbours(String id, int depth, Set<String> rels, Set<String> types, int limit) {
        return neighbours(id, depth, rels, types, limit, Trust.UNREVIEWED);
    }

    /** As {@link #neighbours(String, int, Set, Set, int)}, through relations of at least {@code minTrust} only. */
    public Optional<Neighbourhood> neighbours(String id, int depth, Set<String> rels, Set<String> types, int limit,
                                              Trust minTrust) {
        if (depth != 1 && depth != 2) {
            throw new InvalidInputException("depth", "must be 1 or 2, got " + depth);
        }
        checkLimit(limit);
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("rels", rels.isEmpty() ? null : List.copyOf(rels));
        params.put("types", types.isEmpty() ? null : List.copyOf(types));
        params.put("rank", RELATION_RANK);
        params.put("limit", limit);
        params.put("minTrust", minTrust.rank());
        params.put("trustRanks", TrustLevels.RANKS);
        return store.read(tx -> {
            var center = tx.run(ENTITY_BY_ID, Map.of("id", id));
            if (!center.hasNext()) {
                return Optional.empty();
            }
            Entity c = Rows.entity(center.next().get("e"));
            Map<String, Entity> nodes = new LinkedHashMap<>();
            Map<String, Relation> relations = new LinkedHashMap<>();
            nodes.put(c.id(), c);
            Record r = tx.run(depth == 1 ? NEIGHBOURS_1 : NEIGHBOURS_2, params).single();
            long total = r.get("total").asLong();
            for (Value row : r.get("rows").values()) {
                if (depth == 1) {
                    add(nodes, Rows.entity(row.get("n")));
                    add(relations, Rows.relation(row.get("r")));
                } else {
                    add(nodes, Rows.entity(row.get("m")));
                    add(nodes, Rows.entity(row.get("n")));
                    add(relations, Rows.relation(row.get("r1")));
                    add(relations, Rows.relation(row.get("r2")));
                }
            }
            int rows = r.get("rows").size();
            return Optional.of(new Neighbourhood(c, depth, List.copyOf(nodes.values()),
                    List.copyOf(relations.values()), total, total > rows));
        });
    }

    private static void add(Map<String, Entity> nodes, Entity e) {
        nodes.putIfAbsent(e.id(), e);
    }

    private static void add(Map<String, Relation> relations, Relation r) {
        relations.putIfAbsent(r.id(), r);
    }

    /**
     * Each entity with its relations (at most {@code cap}, only {@code types} when given) and its degree, in one round
     * trip: the answer pipeline's view of the neighbourhood.
     */
    public List<Around> around(List<String> ids, Set<String> types, int cap) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // hubs (脑卒中, 高血压) come up in most questions and cost the most to read: each entity's result is cached
        String suffix = "|" + cap + "|" + new TreeSet<>(types);
        Map<String, Around> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            aroundCache.get(id + suffix).ifPresentOrElse(a -> found.put(id, a), () -> missing.add(id));
        }
        if (!missing.isEmpty()) {
            Map<String, Object> params = new HashMap<>();
            params.put("ids", missing);
            params.put("types", types.isEmpty() ? null : List.copyOf(types));
            params.put("cap", cap);
            long generation = aroundCache.generation();
            // rows become records in the driver's callbacks; the cache is consulted only after, on this thread
            List<Around> rows = store.read(tx -> tx.run(AROUND, params).list(r -> new Around(Rows.entity(r.get("c")),
                    r.get("degree").asLong(), r.get("hops").asList(h -> new Around.Hop(Rows.relation(h.get("r")),
                            Rows.entity(h.get("n")))))));
            List<Around> read = rows.stream().map(a -> new Around(canonical(a.center(), generation), a.degree(),
                    a.hops().stream().map(h -> new Around.Hop(h.relation(), canonical(h.other(), generation)))
                            .toList())).toList();
            for (Around a : read) {
                found.put(a.center().id(), a);
                aroundCache.put(a.center().id() + suffix, a, generation);
            }
            // an entity with no relation of these types returns no row: remember that too, or it is asked every time
            for (String id : missing) {
                if (!found.containsKey(id)) {
                    aroundCache.put(id + suffix, none(id), generation);
                }
            }
        }
        return new LinkedHashSet<>(ids).stream().map(found::get).filter(a -> a != null && a.degree() >= 0).toList();
    }

    /** The cache's mark of an entity with no relation of the types asked (or none at all): never returned. */
    private static Around none(String id) {
        return new Around(new Entity(id, "", id, List.of(), "", List.of(), Trust.UNREVIEWED, Trust.UNREVIEWED, false), -1, List.of());
    }

    /**
     * The degree ({@link Around#degree}) of each of {@code ids} that has a relation of one of {@code types} (of any type
     * when empty), in the order given; the others are left out, as {@link #around} leaves them out. Cheap: Neo4j keeps dense nodes' degrees, so a
     * caller can choose which neighbourhoods to read before reading any.
     */
    public Map<String, Long> degreesWith(List<String> ids, Set<String> types) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        String key = String.join(",", ids) + "|" + new TreeSet<>(types);
        Optional<Map<String, Long>> cached = degreeCache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        long generation = degreeCache.generation();
        Map<String, Object> params = new HashMap<>();
        params.put("ids", ids);
        params.put("types", types.isEmpty() ? null : List.copyOf(types));
        Map<String, Long> read = store.read(tx -> {
            Map<String, Long> m = new HashMap<>();
            tx.run(DEGREES_WITH, params)
                    .forEachRemaining(r -> m.put(r.get("id").asString(), r.get("degree").asLong()));
            return m;
        });
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(ids)) {
            if (read.containsKey(id)) {
                ordered.put(id, read.get(id));
            }
        }
        Map<String, Long> degrees = java.util.Collections.unmodifiableMap(ordered);
        degreeCache.put(key, degrees, generation);
        return degrees;
    }

    /** The shortest walks (up to {@code perPair} each, at most {@code maxLength} steps, no hub relations) between every pair. */
    public List<GraphPath> pathsAmong(List<String> ids, int maxLength, int perPair) {
        return paths.among(ids, maxLength, perPair, List.of());
    }

    /** As {@link #pathsAmong(List, int, int)}, reusing neighbourhoods read already: see {@link PathQueries#among}. */
    public List<GraphPath> pathsAmong(List<String> ids, int maxLength, int perPair, List<Around> known) {
        return paths.among(ids, maxLength, perPair, known);
    }

    /** Shortest paths first, then longer ones, up to {@code limit} distinct paths of at most {@code maxLength}. */
    public List<GraphPath> paths(String from, String to, int maxLength, int limit, Set<String> rels) {
        return paths(from, to, maxLength, limit, rels, Trust.UNREVIEWED);
    }

    /** As {@link #paths(String, String, int, int, Set)}, through relations of at least {@code minTrust} only. */
    public List<GraphPath> paths(String from, String to, int maxLength, int limit, Set<String> rels, Trust minTrust) {
        checkLimit(limit);
        return paths.between(from, to, maxLength, limit, rels, minTrust);
    }

    /**
     * The cached instance of an entity equal to {@code e} if there is one, else {@code e}, now cached: cached
     * neighbourhoods and paths hold each entity once, however many of them it appears in. Never from inside a driver
     * callback: those may run on the driver's network thread, which must not wait.
     */
    Entity canonical(Entity e, long generation) {
        Optional<Entity> cached = entityCache.get(e.id());
        if (cached.isPresent() && cached.get().equals(e)) {
            return cached.get();
        }
        entityCache.put(e.id(), e, generation);
        return e;
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    private static Map<String, Integer> rankOf(List<String> order) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            rank.put(order.get(i), i);
        }
        return Map.copyOf(rank);
    }
}
