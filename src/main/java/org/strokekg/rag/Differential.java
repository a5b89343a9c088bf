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
    /** What a case may be diagnosed as: a disease, or a complication a test diagnoses ({@link #diagnosedByTest}). */
    private static final Set<String> CANDIDATE_TYPES = Set.of("Disease", "Complication");
    private static final int MAX_CANDIDATES = 2;
    private static final int MAX_FACTS_EACH = 3;
    /** A diagnosis asked: at most this many conditions named as fitting equally well. */
    private static final int MAX_TIED = 3;
    /** A diagnosis asked: the findings a named condition is cited for. */
    private static final int MAX_FINDINGS_NAMED = 5;
    /** Two conditions that explain as many findings fit equally well when their specificity differs by less. */
    private static final double TIE = 0.1;
    private static final java.util.regex.Pattern CHILD_CONDITION = java.util.regex.Pattern.compile("儿童|小儿|新生儿|婴|患儿|(?i)\\b(pediatric|paediatric|childhood|neonatal)\\b");
    private static final java.util.regex.Pattern TRANSIENT = java.util.regex.Pattern.compile("症状短暂|完全缓解|短时间内恢复|(?i)\\bresolv|\\btransient\\b");
    private static final java.util.regex.Pattern TRANSIENT_NAME = java.util.regex.Pattern.compile("短暂性|一过性|(?i)\\btransient\\b");
    /** A sudden cerebrovascular event, by its name: a stroke, an infarct, a bleed, an embolism, a transient attack. */
    private static final java.util.regex.Pattern ACUTE_EVENT = java.util.regex.Pattern.compile(
            "卒中|梗死|梗塞|出血|栓塞|血栓形成|缺血发作|脑疝|(?i)\\b(stroke|infarct\\w*|ha?emorrhage|embolism|thrombosis)\\b");
    /** What follows such an event (卒中后抑郁, 卒中后癫痫) or lasts (痴呆): not an event itself. */
    private static final java.util.regex.Pattern AFTER_EVENT = java.util.regex.Pattern.compile("卒中后|后遗|痴呆|认知|(?i)\\bpost-?stroke\\b|\\bdementia\\b");
    private static final java.util.regex.Pattern REST_NOTE = java.util.regex.Pattern.compile("安静|睡眠|晨起|(?i)\\bat rest\\b|\\bsleep");
    private static final java.util.regex.Pattern EXERTION_NOTE = java.util.regex.Pattern.compile("活动|情绪激动|用力|(?i)\\bexertion\\b");

    private Differential() {
    }

    static List<GraphEvidence.Scored> candidates(GraphQueries graph, Frame frame, List<EntityMention> mentions,
                                                TrustGate gate) {
        Set<String> options = new LinkedHashSet<>(frame.candidates().stream().map(Focus::id).toList());
        Set<String> findings = new LinkedHashSet<>();
        boolean diagnosis = frame.asksDiagnosis();
        if (diagnosis) {
            frame.findings().forEach(f -> findings.add(f.id())); // stated, not denied, not the case's history
        } else {
            for (EntityMention m : mentions) {
                if (FINDINGS.contains(m.type()) && !options.contains(m.entityId())) {
                    findings.add(m.entityId());
                }
            }
        }
        if (findings.isEmpty()) {
            return List.of();
        }
        Map<String, List<GraphPath>> byCandidate = new LinkedHashMap<>();
        // of each finding, the curated conditions that present with it: a sign few conditions share (meningism) tells
        // more than one most share (vomiting)
        Map<String, Set<String>> presenting = new HashMap<>();
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
                            && CANDIDATE_TYPES.contains(h.other().type())) {
                        found.computeIfAbsent(h.other().id(), k -> new LinkedHashSet<>()).add(a.center().id());
                        paths.computeIfAbsent(h.other().id(), k -> new ArrayList<>())
                                .add(new GraphPath(List.of(h.other(), a.center()), List.of(r)));
                        presenting.computeIfAbsent(a.center().id(), k -> new HashSet<>()).add(h.other().id());
                    }
                }
            }
            // a complication is a diagnosis where the graph diagnoses it by a test (吸入性肺炎 of a hemiplegic
            // patient's fever and breathlessness), not where it is itself a finding (偏瘫 of its weakness)
            Set<String> diagnosed = diagnosedByTest(graph, found.keySet().stream().filter(id -> found.get(id).size() >= 2
                    && paths.get(id).getFirst().nodes().getFirst().type().equals("Complication")).toList());
            found.keySet().removeIf(id -> paths.get(id).getFirst().nodes().getFirst().type().equals("Complication")
                    && !diagnosed.contains(id));
            found.entrySet().stream().filter(e -> e.getValue().size() >= 2)
                    .sorted(Comparator.comparingInt((Map.Entry<String, Set<String>> e) -> e.getValue().size()).reversed())
                    .forEach(e -> byCandidate.put(e.getKey(), paths.get(e.getKey())));
        }
        boolean free = options.isEmpty();
        // a condition the patient's age or the symptoms' course rules out is not put forward; of the options an exam
        // gives, it is put last
        Map<String, Set<String>> subtypes = hubs(graph, byCandidate.keySet());
        // the more specific is put first, unless (a diagnosis asked) it explains fewer of the findings: 小脑出血 with two
        // does not put 脑出血 with three behind a condition that has three too
        Set<String> hubs = new HashSet<>();
        subtypes.forEach((parent, children) -> {
            if (!diagnosis || children.stream().anyMatch(c -> byCandidate.get(c).size() >= byCandidate.get(parent).size())) {
                hubs.add(parent);
            }
        });
        Map<String, Double> fit = new HashMap<>();
        for (Map.Entry<String, List<GraphPath>> e : byCandidate.entrySet()) {
            Entity condition = e.getValue().getFirst().nodes().getFirst();
            Optional<Double> f = diagnosis && ruledOutForTheCase(condition, frame.patient()) ? Optional.empty()
                    : fit(condition, e.getValue(), frame.patient());
            if (f.isEmpty() && free) {
                continue;
            }
            double specific = e.getValue().stream().mapToDouble(p -> specificity(presenting, p.nodes().getLast().id()))
                    .sum();
            fit.put(e.getKey(), e.getValue().size() + specific + f.orElse(-3.0) - (hubs.contains(e.getKey()) ? 0.75 : 0));
        }
        List<Map.Entry<String, List<GraphPath>>> ranked = new ArrayList<>(byCandidate.entrySet().stream()
                .filter(e -> fit.containsKey(e.getKey())).toList());
        ranked.sort(Comparator.comparingDouble((Map.Entry<String, List<GraphPath>> e) -> fit.get(e.getKey())).reversed()
                .thenComparing(Map.Entry::getKey));
        int best = ranked.stream().mapToInt(e -> e.getValue().size()).max().orElse(0);
        if (diagnosis && free) {
            return named(ranked, fit);
        }
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
     * A case asked for its diagnosis: the condition that fits it best, named alone, with every finding it explains;
     * where two or three fit equally well (as many findings, as specific), all of them, so that the answer says the
     * findings do not tell them apart rather than naming one at random.
     */
    private static List<GraphEvidence.Scored> named(List<Map.Entry<String, List<GraphPath>>> ranked,
                                                    Map<String, Double> fit) {
        List<GraphEvidence.Scored> out = new ArrayList<>();
        if (ranked.isEmpty()) {
            return out;
        }
        Map.Entry<String, List<GraphPath>> top = ranked.getFirst();
        double topFit = fit.get(top.getKey());
        for (Map.Entry<String, List<GraphPath>> e : ranked.stream().limit(MAX_TIED).toList()) {
            boolean tied = e == top || e.getValue().size() == top.getValue().size() && topFit - fit.get(e.getKey()) < TIE;
            if (!tied) {
                break;
            }
            e.getValue().stream().limit(MAX_FINDINGS_NAMED).forEach(p -> out.add(new GraphEvidence.Scored(new Fact(p,
                    Aspect.DIFFERENTIAL, Role.ANSWER, Why.NONE, Provenance.curated(p.relationships().getFirst())),
                    3 + topFit)));
        }
        return out;
    }

    /** How specific a finding is: 1 for a sign one condition presents with, less the more conditions share it. */
    private static double specificity(Map<String, Set<String>> presenting, String finding) {
        int n = presenting.getOrDefault(finding, Set.of()).size();
        return n == 0 ? 0 : 1 / (Math.log(1 + n) / Math.log(2));
    }

    /**
     * Whether a condition cannot be this case's diagnosis: a spontaneous cerebrovascular event whose findings came on
     * over weeks to years with no sudden onset (a fatigable ptosis over months); any condition where the findings
     * followed a blow to the head (what follows is traumatic; the knowledge base holds no traumatic condition to name
     * instead, and a spontaneous one sharing the findings, such as hemiplegic migraine, would be wrong).
     */
    private static boolean ruledOutForTheCase(Entity condition, Frame.Patient patient) {
        if (patient.cautions().contains(Frame.Caution.HEAD_INJURY)) {
            return true; // after a blow to the head no spontaneous condition (a migraine, a bleed) is the diagnosis
        }
        boolean event = ACUTE_EVENT.matcher(condition.name()).find() && !AFTER_EVENT.matcher(condition.name()).find();
        return event && patient.course() == Frame.Course.GRADUAL;
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
        if (PatientFit.hereditaryForAnOldPatient(condition, patient)) {
            return Optional.empty(); // an inherited small-vessel disease shows itself decades earlier than in old age
        }
        String notes = facts.stream().map(p -> p.relationships().getFirst().evidence().orElse(""))
                .collect(java.util.stream.Collectors.joining(" "));
        boolean transientAttack = TRANSIENT.matcher(notes).find() || TRANSIENT_NAME.matcher(condition.name()).find();
        if (transientAttack && (patient.course() == Frame.Course.PERSISTING || patient.course() == Frame.Course.GRADUAL)) {
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

    /** Of these complications, those the graph says a test diagnoses (their own DIAGNOSED_BY relation, curated). */
    private static Set<String> diagnosedByTest(GraphQueries graph, List<String> complications) {
        Set<String> out = new HashSet<>();
        if (complications.isEmpty()) {
            return out;
        }
        for (Around a : graph.around(complications, Set.of("DIAGNOSED_BY"), 50)) {
            if (a.hops().stream().anyMatch(h -> h.relation().startId().equals(a.center().id())
                    && Provenance.curated(h.relation()))) {
                out.add(a.center().id());
            }
        }
        return out;
    }

    /** The candidates another candidate is a type of (脑卒中 when 脑梗死 fits too), each with those subtypes. */
    private static Map<String, Set<String>> hubs(GraphQueries graph, Set<String> candidates) {
        Map<String, Set<String>> out = new HashMap<>();
        if (candidates.size() < 2) {
            return out;
        }
        for (Around a : graph.around(List.copyOf(candidates), Set.of("SUBTYPE_OF"), 300)) {
            for (Around.Hop h : a.hops()) {
                Relation r = h.relation();
                if (r.endId().equals(a.center().id()) && candidates.contains(r.startId())) {
                    out.computeIfAbsent(a.center().id(), k -> new HashSet<>()).add(r.startId());
                }
            }
        }
        return out;
    }
}
