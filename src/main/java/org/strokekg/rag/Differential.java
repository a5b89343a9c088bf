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
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Role;
import org.strokekg.rag.Evidence.Why;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.search.EntityMention;

/**
 * The conditions that fit what a case states, for a differential-diagnosis question only: of the options an exam item
 * gives, those that present with the findings the stem names (most findings first); with no options, curated
 * conditions that present with at least two of the stated findings. A condition that shares one common symptom with the
 * question is never put forward.
 */
final class Differential {

    private static final Set<String> FINDINGS = Set.of("Symptom", "Complication");
    private static final int MAX_CANDIDATES = 2;
    private static final int MAX_FACTS_EACH = 3;

    private Differential() {
    }

    static List<GraphEvidence.Scored> candidates(GraphQueries graph, Frame frame, List<EntityMention> mentions) {
        Set<String> options = new LinkedHashSet<>(frame.candidates().stream().map(Focus::id).toList());
        Set<String> findings = new LinkedHashSet<>();
        for (EntityMention m : mentions) {
            if (FINDINGS.contains(m.type()) && !options.contains(m.entityId())) {
                findings.add(m.entityId());
            }
        }
        if (findings.isEmpty()) {
            return List.of();
        }
        Map<String, List<GraphPath>> byCandidate = new LinkedHashMap<>();
        if (!options.isEmpty()) {
            for (Around a : graph.around(List.copyOf(options), Set.of("HAS_SYMPTOM", "WARNING_SIGN_OF"), 300)) {
                for (Around.Hop h : a.hops()) {
                    Relation r = h.relation();
                    boolean presents = r.type().equals("HAS_SYMPTOM") ? r.startId().equals(a.center().id())
                            : r.endId().equals(a.center().id());
                    if (presents && findings.contains(h.other().id()) && Provenance.stated(r)) {
                        byCandidate.computeIfAbsent(a.center().id(), k -> new ArrayList<>())
                                .add(new GraphPath(List.of(a.center(), h.other()), List.of(r)));
                    }
                }
            }
        } else if (findings.size() >= 2) {
            Map<String, Set<String>> found = new HashMap<>();
            Map<String, List<GraphPath>> paths = new HashMap<>();
            for (Around a : graph.around(List.copyOf(findings), Set.of("HAS_SYMPTOM"), 300)) {
                for (Around.Hop h : a.hops()) {
                    Relation r = h.relation();
                    if (r.endId().equals(a.center().id()) && Provenance.curated(r)
                            && h.other().type().equals("Disease")) {
                        found.computeIfAbsent(h.other().id(), k -> new LinkedHashSet<>()).add(a.center().id());
                        paths.computeIfAbsent(h.other().id(), k -> new ArrayList<>())
                                .add(new GraphPath(List.of(h.other(), a.center()), List.of(r)));
                    }
                }
            }
            found.entrySet().stream().filter(e -> e.getValue().size() >= 2)
                    .sorted(Comparator.comparingInt((Map.Entry<String, Set<String>> e) -> e.getValue().size()).reversed())
                    .forEach(e -> byCandidate.put(e.getKey(), paths.get(e.getKey())));
        }
        List<Map.Entry<String, List<GraphPath>>> ranked = new ArrayList<>(byCandidate.entrySet());
        ranked.sort(Comparator.comparingInt((Map.Entry<String, List<GraphPath>> e) -> e.getValue().size()).reversed());
        int best = ranked.isEmpty() ? 0 : ranked.getFirst().getValue().size();
        List<GraphEvidence.Scored> out = new ArrayList<>();
        int kept = 0;
        for (Map.Entry<String, List<GraphPath>> e : ranked) {
            // only candidates that explain as much of the case as the best one, or nearly
            if (kept == MAX_CANDIDATES || e.getValue().size() < Math.max(1, best - 1)) {
                break;
            }
            kept++;
            double score = 3 + e.getValue().size();
            e.getValue().stream().limit(MAX_FACTS_EACH).forEach(p -> out.add(new GraphEvidence.Scored(
                    new Fact(p, Aspect.DIFFERENTIAL, Role.ANSWER, Why.NONE, Provenance.curated(p.relationships().getFirst())),
                    score)));
        }
        return out;
    }
}
