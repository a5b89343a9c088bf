package org.strokekg.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.strokekg.error.InvalidInputException;
import org.strokekg.trust.Trust;

/**
 * The path queries of {@link GraphQueries}: shortest walks between two entities (the read API) and among the entities
 * a question names (the answer pipeline), with their cache. Constant Cypher per (candidates, maximum length), since a
 * quantifier cannot be a parameter.
 */
final class PathQueries {

    /**
     * How many walks the path query asks for: parallel relations from several sources make the same walk several
     * times, so it asks for four times the caller's limit, rounded up to one of these, and keeps distinct walks. Literals,
     * not a parameter: {@code SHORTEST $k} needs Cypher 25, and the same queries must run on Neo4j 5 clusters.
     */
    private static final int[] PATH_CANDIDATES = {8, 40, 200};

    private static final String PATHS_AMONG = """
            UNWIND $pairs AS pair
            MATCH p = SHORTEST %d (a:Entity {id: pair[0]})
                      -[r WHERE type(r) <> 'MENTIONS' AND NOT type(r) IN $hubs AND r.retractedBy IS NULL]-{1,%d}
                      (b:Entity {id: pair[1]})
            RETURN [n IN nodes(p) | %s] AS nodes, [x IN relationships(p) | %s] AS rels
            """;

    /**
     * The same walks for at most two steps as explicit patterns: with both ends bound the planner expands from one
     * end and checks the other (degree × a lookup), where the shortest-path search walks the whole second ring
     * (degree × degree): 5–10× cheaper between two crawl diseases. Direct relations come first, as with SHORTEST.
     */
    private static final String PATHS_AMONG_SHORT = """
            UNWIND $pairs AS pair
            MATCH (a:Entity {id: pair[0]}), (b:Entity {id: pair[1]})
            CALL (a, b) {
              OPTIONAL MATCH p = (a)-[r]-(b)
              WHERE type(r) <> 'MENTIONS' AND NOT type(r) IN $hubs AND r.retractedBy IS NULL
              WITH p LIMIT $k
              RETURN collect(p) AS direct
            }
            CALL (a, b, direct) {
              OPTIONAL MATCH p = (a)-[r1]-(m:Entity)-[r2]-(b)
              WHERE $two AND size(direct) < $k AND m <> a AND m <> b
                AND NOT type(r1) IN $hubs AND NOT type(r2) IN $hubs
                AND r1.retractedBy IS NULL AND r2.retractedBy IS NULL
              WITH p LIMIT $k
              RETURN collect(p) AS twoStep
            }
            UNWIND direct + twoStep AS p
            RETURN [n IN nodes(p) | %s] AS nodes, [x IN relationships(p) | %s] AS rels
            """.formatted(Rows.entity("n"), Rows.relation("x"));

    /** Keeps each entity once across cached reads (see {@link GraphQueries#canonical}). */
    @FunctionalInterface
    interface Canonical {
        Entity apply(Entity e, long generation);
    }

    private final GraphStore store;
    private final ReadCache<List<GraphPath>> pathCache;
    private final Canonical canonical;
    /** One constant query per (candidates, maximum length). */
    private final Map<Integer, List<String>> pathQueries = new HashMap<>();
    private final Map<Integer, String> amongQueries = new ConcurrentHashMap<>();

    PathQueries(GraphStore store, ReadCache<List<GraphPath>> pathCache, Canonical canonical) {
        this.store = store;
        this.pathCache = pathCache;
        this.canonical = canonical;
        for (int candidates : PATH_CANDIDATES) {
            List<String> queries = new ArrayList<>();
            for (int len = 1; len <= GraphQueries.MAX_PATH_LENGTH; len++) {
                queries.add(pathQuery(candidates, len));
            }
            pathQueries.put(candidates, List.copyOf(queries));
        }
    }

    private static String pathQuery(int candidates, int maxLength) {
        // SHORTEST k walks relationships in either direction; the inline predicate keeps passages and unasked hubs out
        // while it searches (a WHERE after the pattern would filter the k shortest only after finding them)
        return """
                MATCH p = SHORTEST %d (a:Entity {id: $from})
                          -[r WHERE type(r) <> 'MENTIONS' AND (($rels IS NULL AND NOT type(r) IN $hubs) OR type(r) IN $rels)
                                AND r.retractedBy IS NULL
                                AND ($minTrust = 0 OR coalesce($trustRanks[r.trust], 0) >= $minTrust)]-{1,%d}
                          (b:Entity {id: $to})
                RETURN [n IN nodes(p) | %s] AS nodes, [x IN relationships(p) | %s] AS rels
                """.formatted(candidates, maxLength, Rows.entity("n"), Rows.relation("x"));
    }

    /**
     * The same, reusing neighbourhoods the caller has read already ({@link #around}): for a pair whose two ends have all
     * their relations in {@code known} (degree within the cap), the direct and two-step walks are the intersection of
     * the two neighbourhoods, found here instead of by a query, when there are no more of them than are kept. Pairs
     * with a hub at an end or with more walks, and walks longer than two steps, still go to the graph.
     */
    List<GraphPath> among(List<String> ids, int maxLength, int perPair, List<Around> known) {
        if (ids.size() < 2) {
            return List.of();
        }
        if (maxLength < 1 || maxLength > GraphQueries.MAX_PATH_LENGTH) {
            throw new InvalidInputException("maxLength", "must be between 1 and " + GraphQueries.MAX_PATH_LENGTH);
        }
        List<List<String>> pairs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                pairs.add(List.of(ids.get(i), ids.get(j)));
            }
        }
        int candidates = perPair <= 2 ? PATH_CANDIDATES[0] : PATH_CANDIDATES[1];
        String query = amongQueries.computeIfAbsent(candidates * 100 + maxLength,
                k -> PATHS_AMONG.formatted(candidates, maxLength, Rows.entity("n"), Rows.relation("x")));
        String suffix = "|" + candidates + "|" + maxLength;
        Map<String, List<GraphPath>> walks = new HashMap<>();
        List<List<String>> missing = new ArrayList<>();
        for (List<String> pair : pairs) {
            pathCache.get(pair.get(0) + "|" + pair.get(1) + suffix)
                    .ifPresentOrElse(w -> walks.put(pair.get(0) + "|" + pair.get(1), w), () -> missing.add(pair));
        }
        if (!missing.isEmpty()) {
            long generation = pathCache.generation();
            Map<String, Around> complete = new HashMap<>();
            for (Around a : known) {
                if (a.hops().size() >= a.degree()) {
                    complete.put(a.center().id(), a);
                }
            }
            // the one- and two-step walks first; the shortest-path search only for pairs that still lack walks
            Map<String, List<GraphPath>> read = new HashMap<>();
            List<List<String>> toRead = new ArrayList<>();
            for (List<String> pair : missing) {
                Around a = complete.get(pair.get(0));
                Around b = complete.get(pair.get(1));
                List<GraphPath> local = a != null && b != null ? shortWalks(a, b, candidates, maxLength >= 2) : null;
                // which of more walks than are kept the query keeps depends on its plan's order: ask it then, so that
                // answers stay as they were; no walk or few (most pairs) are the same however they are found
                if (local != null && local.size() <= perPair) {
                    read.put(pair.get(0) + "|" + pair.get(1), local);
                } else {
                    toRead.add(pair);
                }
            }
            if (!toRead.isEmpty()) {
                read.putAll(walks(PATHS_AMONG_SHORT, toRead, candidates, maxLength >= 2));
            }
            if (maxLength > 2) {
                List<List<String>> deeper = missing.stream()
                        .filter(pair -> read.get(pair.get(0) + "|" + pair.get(1)).size() < perPair).toList();
                if (!deeper.isEmpty()) {
                    walks(query, deeper, candidates, true).forEach((pair, found) -> read.merge(pair, found,
                            (a, b) -> Stream.concat(a.stream(), b.stream()).toList()));
                }
            }
            read.forEach((pair, found) -> {
                walks.put(pair, List.copyOf(found));
                pathCache.put(pair + suffix, List.copyOf(found), generation);
            });
        }
        Map<String, Integer> perPairCount = new HashMap<>();
        Map<String, GraphPath> distinct = new LinkedHashMap<>();
        for (List<String> p : pairs) {
            for (GraphPath path : walks.getOrDefault(p.get(0) + "|" + p.get(1), List.of())) {
                String pair = path.nodes().getFirst().id() + "|" + path.nodes().getLast().id();
                StringBuilder key = new StringBuilder(pair);
                path.relationships().forEach(x -> key.append('|').append(x.type()).append(x.startId()));
                path.nodes().forEach(n -> key.append('|').append(n.id()));
                if (perPairCount.getOrDefault(pair, 0) < perPair && !distinct.containsKey(key.toString())) {
                    distinct.put(key.toString(), path);
                    perPairCount.merge(pair, 1, Integer::sum);
                }
            }
        }
        return List.copyOf(distinct.values());
    }

    /**
     * {@link #PATHS_AMONG_SHORT} over two complete neighbourhoods: up to {@code k} direct relations, then (when fewer
     * and {@code two}) up to {@code k} two-step walks through a common neighbour; no passages, no hub relations.
     */
    static List<GraphPath> shortWalks(Around a, Around b, int k, boolean two) {
        String from = a.center().id();
        String to = b.center().id();
        List<GraphPath> direct = new ArrayList<>();
        for (Around.Hop h : a.hops()) {
            if (direct.size() < k && h.other().id().equals(to) && walkable(h.relation())) {
                direct.add(new GraphPath(List.of(a.center(), b.center()), List.of(h.relation())));
            }
        }
        List<GraphPath> walks = new ArrayList<>(direct);
        if (!two || direct.size() >= k) {
            return walks;
        }
        Map<String, List<Relation>> toB = new HashMap<>();
        for (Around.Hop h : b.hops()) {
            if (walkable(h.relation())) {
                toB.computeIfAbsent(h.other().id(), id -> new ArrayList<>()).add(h.relation());
            }
        }
        int found = 0;
        for (Around.Hop h : a.hops()) {
            String m = h.other().id();
            if (m.equals(from) || m.equals(to) || !walkable(h.relation())) {
                continue;
            }
            for (Relation second : toB.getOrDefault(m, List.of())) {
                if (found++ == k) {
                    return walks;
                }
                walks.add(new GraphPath(List.of(a.center(), h.other(), b.center()), List.of(h.relation(), second)));
            }
        }
        return walks;
    }

    private static boolean walkable(Relation r) {
        return !r.type().equals("MENTIONS") && !GraphQueries.HUB_RELATIONS.contains(r.type());
    }

    /** Runs a walks query for the pairs; every pair gets an entry, in the order the query returned its walks. */
    private Map<String, List<GraphPath>> walks(String query, List<List<String>> pairs, int candidates, boolean two) {
        long generation = pathCache.generation();
        Map<String, List<GraphPath>> read = store.read(tx -> {
            Map<String, List<GraphPath>> byPair = new HashMap<>();
            pairs.forEach(pair -> byPair.put(pair.get(0) + "|" + pair.get(1), new ArrayList<>()));
            tx.run(query, Map.of("pairs", pairs, "hubs", List.copyOf(GraphQueries.HUB_RELATIONS), "k", candidates, "two", two))
                    .forEachRemaining(r -> {
                        List<Entity> nodes = r.get("nodes").asList(Rows::entity);
                        List<Relation> relations = r.get("rels").asList(Rows::relation);
                        byPair.computeIfAbsent(nodes.getFirst().id() + "|" + nodes.getLast().id(),
                                k -> new ArrayList<>()).add(new GraphPath(nodes, relations));
                    });
            return byPair;
        });
        // entities shared with the cache only now, outside the driver's callbacks
        Map<String, List<GraphPath>> shared = new HashMap<>();
        read.forEach((pair, paths) -> shared.put(pair, new ArrayList<>(paths.stream().map(p -> new GraphPath(
                p.nodes().stream().map(n -> canonical.apply(n, generation)).toList(), p.relationships())).toList())));
        return shared;
    }

    /** Shortest paths first, then longer ones, up to {@code limit} distinct paths of at most {@code maxLength}. */
    List<GraphPath> between(String from, String to, int maxLength, int limit, Set<String> rels, Trust minTrust) {
        if (maxLength < 1 || maxLength > GraphQueries.MAX_PATH_LENGTH) {
            throw new InvalidInputException("maxLength", "must be between 1 and " + GraphQueries.MAX_PATH_LENGTH + ", got " + maxLength);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("from", from);
        params.put("to", to);
        params.put("rels", rels.isEmpty() ? null : List.copyOf(rels));
        params.put("hubs", List.copyOf(GraphQueries.HUB_RELATIONS));
        params.put("minTrust", minTrust.rank());
        params.put("trustRanks", TrustLevels.RANKS);
        int candidates = PATH_CANDIDATES[PATH_CANDIDATES.length - 1];
        for (int c : PATH_CANDIDATES) {
            if (c >= limit * 4) {
                candidates = c;
                break;
            }
        }
        String query = pathQueries.get(candidates).get(maxLength - 1);
        return store.read(tx -> {
            Map<String, GraphPath> distinct = new LinkedHashMap<>();
            tx.run(query, params).forEachRemaining(r -> {
                List<Entity> nodes = r.get("nodes").asList(Rows::entity);
                List<Relation> relations = r.get("rels").asList(Rows::relation);
                StringBuilder key = new StringBuilder();
                for (int i = 0; i < relations.size(); i++) {
                    key.append(nodes.get(i).id()).append('|').append(relations.get(i).type()).append('|');
                }
                key.append(nodes.getLast().id());
                if (distinct.size() < limit) {
                    distinct.putIfAbsent(key.toString(), new GraphPath(nodes, relations));
                }
            });
            return List.copyOf(distinct.values());
        });
    }
}
