package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strokekg.graph.Around;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Relation;

/**
 * Graph evidence for the entities a question names: the paths among them (bounded length), then each entity's
 * relations ranked by what the question asks. A symptom or complication is also answered through the condition it
 * belongs to (手臂僵硬 → 痉挛 → its treatments), which shows as a two-step path. Four round trips to the graph at
 * most: the named entities' relations, the paths among them (none when the neighbourhoods just read hold them), the
 * bridged conditions' degrees, and the relations of the two that are used.
 */
final class GraphEvidence {

    static final int MAX_LINKED = 5;
    /** Paths between two named entities: two steps, three when the question asks how they are related. */
    static final int PATH_LENGTH = 2;
    static final int RELATION_PATH_LENGTH = 3;
    /** An entity with more relations than this is a hub (脑卒中): its facts weigh less when a more specific one is named. */
    private static final int HUB_DEGREE = 60;
    private static final int CAP = 150;
    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication", "Symptom");
    private static final Set<String> HUBS = GraphQueries.HUB_RELATIONS;
    /** Relations that lead from a symptom to the condition it is part of (the bridge). */
    private static final Set<String> BRIDGES = Set.of("HAS_SYMPTOM", "COMPLICATION_OF", "SUBTYPE_OF", "CAUSES");
    private static final Set<Intent> BRIDGING = Set.of(Intent.TREATMENT, Intent.REHABILITATION, Intent.CARE,
            Intent.PREVENTION, Intent.DIAGNOSIS);

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

        List<Around> around = graph.around(linked, Set.of(), CAP);
        // paths among the named entities answer "how are A and B related"; short ones come from the neighbourhoods
        boolean relation = intents.contains(Intent.CAUSE);
        for (GraphPath p : graph.pathsAmong(linked, relation ? RELATION_PATH_LENGTH : PATH_LENGTH, relation ? 2 : 1,
                around)) {
            scored.add(new Scored(p, 3.0 - 0.4 * p.length()));
        }

        boolean specificNamed = around.stream().anyMatch(a -> a.degree() <= HUB_DEGREE);
        Map<String, Relation> bridges = new LinkedHashMap<>();
        Map<String, Entity> bridged = new HashMap<>();
        for (Around a : around) {
            double factor = specificNamed && a.degree() > HUB_DEGREE ? 0.6 : 1.0;
            for (Around.Hop hop : a.hops()) {
                Relation r = hop.relation();
                if (HUBS.contains(r.type()) && !wantsHubs) {
                    continue;
                }
                double w = weights.getOrDefault(r.type(), 0.1);
                scored.add(new Scored(new GraphPath(List.of(a.center(), hop.other()), List.of(r)),
                        factor * (1.0 + w + 0.05 * r.confidence().orElse(0.8))));
            }
            // a symptom or complication is answered through its condition too: 手臂僵硬 → 痉挛 → its treatments
            if (CONDITIONS.contains(a.center().type()) && intents.stream().anyMatch(BRIDGING::contains)) {
                a.hops().stream()
                        .filter(h -> BRIDGES.contains(h.relation().type()) && CONDITIONS.contains(h.other().type()))
                        .filter(h -> !linked.contains(h.other().id()))
                        .limit(4)
                        .forEach(h -> {
                            bridges.putIfAbsent(h.other().id(), h.relation());
                            bridged.putIfAbsent(h.other().id(), a.center());
                        });
            }
        }
        if (!bridges.isEmpty()) {
            Set<String> wanted = new LinkedHashSet<>();
            weights.forEach((type, w) -> {
                if (w >= 0.8 && !HUBS.contains(type)) {
                    wanted.add(type);
                }
            });
            // the specific condition (痉挛) before the hub it is part of (脑卒中): the two of lowest degree, chosen
            // before their neighbourhoods are read (up to twenty candidates, of which two are used)
            List<String> chosen = graph.degreesWith(List.copyOf(bridges.keySet()), wanted).entrySet().stream()
                    .sorted(Map.Entry.comparingByValue()).limit(2).map(Map.Entry::getKey).toList();
            List<Around> conditions = new ArrayList<>(graph.around(chosen, wanted, CAP));
            conditions.sort(Comparator.comparingLong(Around::degree));
            for (Around c : conditions) {
                Relation via = bridges.get(c.center().id());
                Entity from = bridged.get(c.center().id());
                for (Around.Hop hop : c.hops()) {
                    Relation r = hop.relation();
                    if (r.id().equals(via.id())) {
                        continue;
                    }
                    GraphPath path = new GraphPath(List.of(from, c.center(), hop.other()), List.of(via, r));
                    scored.add(new Scored(path, 0.9 + weights.getOrDefault(r.type(), 0.0)
                            + 0.05 * r.confidence().orElse(0.8)));
                }
            }
        }
        return select(scored, maxPaths);
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
}
