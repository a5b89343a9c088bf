package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Neighbourhood;
import org.strokekg.graph.Relation;

/**
 * Graph evidence for the entities a question names: the paths among them (bounded length), then each entity's
 * neighbourhood ranked by what the question asks. A symptom that has no treatment of its own is bridged to the
 * condition it belongs to (手臂僵硬 → 痉挛 → its treatments), so the bridge shows as a two-step path.
 */
final class GraphEvidence {

    static final int MAX_LINKED = 5;
    static final int PATH_LENGTH = 3;
    private static final int NEIGHBOURS = 80;
    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication", "Symptom");
    private static final Set<String> HUBS = GraphQueries.HUB_RELATIONS;
    /** Relations that lead from a symptom to the condition it is part of (the bridge). */
    private static final Set<String> BRIDGES = Set.of("HAS_SYMPTOM", "COMPLICATION_OF", "SUBTYPE_OF", "CAUSES");

    private final GraphQueries graph;

    GraphEvidence(GraphQueries graph) {
        this.graph = graph;
    }

    /** One graph fact (a relation, or a short path) and how well it answers the question. */
    record Scored(GraphPath path, double score) {
    }

    List<GraphPath> retrieve(List<String> linked, Set<Intent> intents, int maxPaths) {
        if (linked.isEmpty() || maxPaths == 0) {
            return List.of();
        }
        Map<String, Double> weights = Intent.weights(intents);
        boolean wantsHubs = weights.containsKey("RECOMMENDED_FOOD") || weights.containsKey("BELONGS_TO");
        List<Scored> scored = new ArrayList<>();

        // paths among the named entities answer "how are A and B related"
        for (int i = 0; i < linked.size(); i++) {
            for (int j = i + 1; j < linked.size(); j++) {
                List<GraphPath> between = graph.paths(linked.get(i), linked.get(j), PATH_LENGTH, 2, Set.of());
                for (GraphPath p : between) {
                    scored.add(new Scored(p, 3.0 - 0.3 * p.length()));
                }
            }
        }

        Map<String, Neighbourhood> hoods = new HashMap<>();
        for (String id : linked) {
            graph.neighbours(id, 1, Set.of(), Set.of(), NEIGHBOURS).ifPresent(n -> hoods.put(id, n));
        }
        for (String id : linked) {
            Neighbourhood n = hoods.get(id);
            if (n == null) {
                continue;
            }
            Map<String, Entity> nodes = byId(n.nodes());
            double best = 0;
            for (Relation r : n.relationships()) {
                if (HUBS.contains(r.type()) && !wantsHubs) {
                    continue;
                }
                double w = weights.getOrDefault(r.type(), 0.1);
                best = Math.max(best, w);
                scored.add(new Scored(hop(nodes, id, r), 1.0 + w + 0.05 * r.confidence().orElse(0.8)));
            }
            // a symptom or complication whose own relations do not answer the question: go through its condition
            if (best < 0.8 && CONDITIONS.contains(n.center().type()) && !intents.isEmpty()) {
                bridge(n, nodes, weights, scored);
            }
        }
        return select(scored, maxPaths);
    }

    private void bridge(Neighbourhood n, Map<String, Entity> nodes, Map<String, Double> weights, List<Scored> out) {
        List<Relation> bridges = n.relationships().stream()
                .filter(r -> BRIDGES.contains(r.type()))
                .filter(r -> CONDITIONS.contains(nodes.get(other(r, n.center().id())).type()))
                .limit(2).toList();
        for (Relation via : bridges) {
            String conditionId = other(via, n.center().id());
            Neighbourhood c = graph.neighbours(conditionId, 1, Set.of(), Set.of(), NEIGHBOURS).orElse(null);
            if (c == null) {
                continue;
            }
            Map<String, Entity> cn = byId(c.nodes());
            for (Relation r : c.relationships()) {
                double w = weights.getOrDefault(r.type(), 0.0);
                if (w < 0.8 || r.id().equals(via.id()) || HUBS.contains(r.type())) {
                    continue;
                }
                Entity end = cn.get(other(r, conditionId));
                GraphPath path = new GraphPath(List.of(n.center(), nodes.get(conditionId), end), List.of(via, r));
                out.add(new Scored(path, 0.9 + w + 0.05 * r.confidence().orElse(0.8)));
            }
        }
    }

    /** The best facts, each relation once, shortest of equal score first. */
    private static List<GraphPath> select(List<Scored> scored, int max) {
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(s -> s.path().length()));
        Set<String> used = new LinkedHashSet<>();
        Map<String, GraphPath> chosen = new LinkedHashMap<>();
        for (Scored s : scored) {
            if (chosen.size() >= max) {
                break;
            }
            String key = String.join(",", s.path().relationships().stream().map(Relation::id).toList());
            if (chosen.containsKey(key)) {
                continue;
            }
            // a path adds something only if one of its relations is not shown yet
            boolean adds = s.path().relationships().stream().anyMatch(r -> !used.contains(r.id()));
            if (adds) {
                chosen.put(key, s.path());
                s.path().relationships().forEach(r -> used.add(r.id()));
            }
        }
        return List.copyOf(chosen.values());
    }

    private static GraphPath hop(Map<String, Entity> nodes, String from, Relation r) {
        return new GraphPath(List.of(nodes.get(from), nodes.get(other(r, from))), List.of(r));
    }

    private static String other(Relation r, String id) {
        return r.startId().equals(id) ? r.endId() : r.startId();
    }

    private static Map<String, Entity> byId(List<Entity> entities) {
        Map<String, Entity> m = new HashMap<>();
        entities.forEach(e -> m.put(e.id(), e));
        return m;
    }
}
