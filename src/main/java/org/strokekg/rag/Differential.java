package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strokekg.graph.Around;
import org.strokekg.graph.Entity;
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
 * question is never put forward, nor one that cannot fit the patient ({@link #fit}: a children's condition for an adult,
 * a transient attack for symptoms still there); the more specific condition comes before the one it is a type of.
 */
final class Differential {

    private static final Set<String> FINDINGS = Set.of("Symptom", "Complication");
    private static final int MAX_CANDIDATES = 2;
    private static final int MAX_FACTS_EACH = 3;
    private static final java.util.regex.Pattern CHILD_CONDITION = java.util.regex.Pattern.compile("儿童|小儿|新生儿|婴|患儿|(?i)\\b(pediatric|paediatric|childhood|neonatal)\\b");
    private static final java.util.regex.Pattern TRANSIENT = java.util.regex.Pattern.compile("症状短暂|完全缓解|短时间内恢复|(?i)\\bresolv|\\btransient\\b");
    private static final java.util.regex.Pattern TRANSIENT_NAME = java.util.regex.Pattern.compile("短暂性|一过性|(?i)\\btransient\\b");
    private static final java.util.regex.Pattern REST_NOTE = java.util.regex.Pattern.compile("安静|睡眠|晨起|(?i)\\bat rest\\b|\\bsleep");
    private static final java.util.regex.Pattern EXERTION_NOTE = java.util.regex.Pattern.compile("活动|情绪激动|用力|(?i)\\bexertion\\b");

    private Differential() {
    }

    static List<GraphEvidence.Scored> candidates(GraphQueries graph, Frame frame, List<EntityMention> mentions,
                                                TrustGate gate) {
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
                    if (presents && findings.contains(h.other().id()) && gate.states(r.trust())) {
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
        boolean free = options.isEmpty();
        // a condition the patient's age or the symptoms' course rules out is not put forward; of the options an exam
        // gives, it is put last
        Set<String> hubs = hubs(graph, byCandidate.keySet());
        Map<String, Double> fit = new HashMap<>();
        for (Map.Entry<String, List<GraphPath>> e : byCandidate.entrySet()) {
            Entity condition = e.getValue().getFirst().nodes().getFirst();
            Optional<Double> f = fit(condition, e.getValue(), frame.patient());
            if (f.isEmpty() && free) {
                continue;
            }
            fit.put(e.getKey(), e.getValue().size() + f.orElse(-3.0) - (hubs.contains(e.getKey()) ? 0.75 : 0));
        }
        List<Map.Entry<String, List<GraphPath>>> ranked = new ArrayList<>(byCandidate.entrySet().stream()
                .filter(e -> fit.containsKey(e.getKey())).toList());
        ranked.sort(Comparator.comparingDouble((Map.Entry<String, List<GraphPath>> e) -> fit.get(e.getKey())).reversed()
                .thenComparing(Map.Entry::getKey));
        int best = ranked.stream().mapToInt(e -> e.getValue().size()).max().orElse(0);
        List<GraphEvidence.Scored> out = new ArrayList<>();
        int kept = 0;
        for (Map.Entry<String, List<GraphPath>> e : ranked) {
            // only candidates that explain as much of the case as the best one, or nearly
            if (kept == MAX_CANDIDATES) {
                break;
            }
            if (e.getValue().size() < Math.max(1, best - 1)) {
                continue;
            }
            kept++;
            double score = 3 + fit.get(e.getKey());
            e.getValue().stream().limit(MAX_FACTS_EACH).forEach(p -> out.add(new GraphEvidence.Scored(
                    new Fact(p, Aspect.DIFFERENTIAL, Role.ANSWER, Why.NONE, Provenance.curated(p.relationships().getFirst())),
                    score)));
        }
        return out;
    }

    /**
     * How well a condition fits the patient beyond the findings it shares, empty when it cannot fit: a children's
     * condition for an adult, an adult's for a child; a transient attack (its facts say the symptoms resolve) for
     * symptoms still there. Its facts' notes on onset (at rest, on exertion) against the onset stated add or take a
     * little.
     */
    static Optional<Double> fit(Entity condition, List<GraphPath> facts, Frame.Patient patient) {
        boolean childCondition = CHILD_CONDITION.matcher(condition.name()).find();
        if (childCondition != patient.young() && (childCondition || patient.ageGroup() == Frame.AgeGroup.INFANT)) {
            return Optional.empty();
        }
        if (PatientFit.ischemicForABleed(condition, patient)) {
            return Optional.empty(); // a case that names or shows a bleed: an infarction does not explain it
        }
        String notes = facts.stream().map(p -> p.relationships().getFirst().evidence().orElse(""))
                .collect(java.util.stream.Collectors.joining(" "));
        boolean transientAttack = TRANSIENT.matcher(notes).find() || TRANSIENT_NAME.matcher(condition.name()).find();
        if (transientAttack && patient.course() == Frame.Course.PERSISTING) {
            return Optional.empty();
        }
        // symptoms gone again are what a transient attack is; a lasting lesion explains them less well
        double f = patient.course() != Frame.Course.RESOLVED ? 0 : transientAttack ? 1 : -0.5;
        if (patient.onset() == Frame.Onset.AT_REST) {
            f += (REST_NOTE.matcher(notes).find() ? 0.5 : 0) - (EXERTION_NOTE.matcher(notes).find() ? 0.5 : 0);
        } else if (patient.onset() == Frame.Onset.ON_EXERTION) {
            f += (EXERTION_NOTE.matcher(notes).find() ? 0.5 : 0) - (REST_NOTE.matcher(notes).find() ? 0.5 : 0);
        }
        return Optional.of(f);
    }

    /** The candidates another candidate is a type of (脑卒中 when 脑梗死 fits too): the more specific is put first. */
    private static Set<String> hubs(GraphQueries graph, Set<String> candidates) {
        Set<String> out = new HashSet<>();
        if (candidates.size() < 2) {
            return out;
        }
        for (Around a : graph.around(List.copyOf(candidates), Set.of("SUBTYPE_OF"), 300)) {
            for (Around.Hop h : a.hops()) {
                Relation r = h.relation();
                if (r.endId().equals(a.center().id()) && candidates.contains(r.startId())) {
                    out.add(a.center().id());
                }
            }
        }
        return out;
    }
}
