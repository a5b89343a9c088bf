package org.strokekg.rag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.strokekg.rag.Frame.Direction;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.rag.GraphEvidence.Scored;
import org.strokekg.search.EntityMention;

/**
 * An aspect's facts reached through another condition, for the aspects where the focus itself has none or too few
 * ({@link GraphEvidence} adds them after the focus's own): the condition a case's findings fit (its tests,
 * treatments, drugs), the condition a symptom belongs to when it is tied to something else the question names (手臂僵硬
 * → 痉挛 → its treatments), a hub's curated subtypes (脑卒中 → 脑梗死), the condition of the patient's history (its
 * department). Each rule says for which aspects it holds; kept apart so the retrieval flow reads as its steps.
 */
final class IndirectFacts {

    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication", "Symptom");
    /** Aspects a symptom asked about is answered for through its condition. */
    private static final Set<Aspect> BRIDGED = Set.of(Aspect.TREATMENT, Aspect.DRUGS, Aspect.REHABILITATION,
            Aspect.CARE, Aspect.PREVENTION);
    /** Aspects a case's findings are answered for through the condition they fit. */
    private static final Set<Aspect> FITTED = Set.of(Aspect.TESTS, Aspect.TREATMENT, Aspect.DRUGS);
    /** Aspects a hub without facts of its own answers through its subtypes (脑卒中 → 脑梗死, 出血性脑卒中). */
    private static final Set<Aspect> SUBTYPED = Set.of(Aspect.TREATMENT, Aspect.DRUGS, Aspect.TESTS, Aspect.SYMPTOMS,
            Aspect.PREVENTION, Aspect.REHABILITATION, Aspect.CARE);

    private final GraphQueries graph;
    /** What the request lets the answer state: facts below its level are not reached. */
    private final TrustGate gate;

    IndirectFacts(GraphQueries graph, TrustGate gate) {
        this.graph = graph;
        this.gate = gate;
    }

    /**
     * The facts of the frame's aspect reached through another condition, in the order the rules are tried.
     *
     * @param rules    the rules of each aspect asked
     * @param named    the ids of every entity the question names, its options included
     * @param answered how many facts of the focus's own already answer the aspect
     */
    List<Scored> of(Frame frame, List<EntityMention> mentions, Map<Aspect, List<AspectFacts.Rule>> rules,
                                  Set<String> named, long answered) {
        List<Scored> scored = new ArrayList<>();
        boolean aCase = frame.setting() == Frame.Setting.VIGNETTE || frame.setting() == Frame.Setting.ACUTE_NOW;
        List<Scored> fitting = List.of();
        if (aCase && FITTED.contains(frame.aspect()) && (answered == 0 || frame.aspect() == Aspect.TESTS)
                && frame.focus().map(f -> f.type().equals("Symptom")).orElse(true)) {
            // 「右侧肢体无力伴言语不清3小时…治疗原则/应首选哪项检查」: the aspect of the condition the findings fit
            fitting = ofTheFittingCondition(frame, mentions);
            scored.addAll(fitting);
        }
        if (fitting.isEmpty() && answered < 3 && BRIDGED.contains(frame.aspect()) && frame.focus().isPresent()
                && frame.focus().get().type().equals("Symptom")) {
            scored.addAll(bridge(frame.focus().get(), frame.aspect(), rules.get(frame.aspect()), named,
                    frame.patient()));
        }
        if (answered == 0 && frame.focus().isPresent() && SUBTYPED.contains(frame.aspect()) && !frame.patient().young()
                && rules.get(frame.aspect()) != null) {
            scored.addAll(subtypes(frame.focus().get(), frame.aspect(), rules.get(frame.aspect())));
        }
        if (answered == 0 && frame.aspect() == Aspect.DEPARTMENT && !frame.patient().history().isEmpty()) {
            // 「中风后说话不清楚应该挂哪个科」: the department of the condition the question starts from
            scored.addAll(fromHistory(frame, rules.get(Aspect.DEPARTMENT)));
        }
        if (!aCase && answered == 0 && frame.aspect() == Aspect.TESTS
                && frame.focus().map(f -> f.type().equals("Symptom")).orElse(true)) {
            scored.addAll(ofTheFittingCondition(frame, mentions));
        }
        return scored;
    }

    /** The aspect's facts of the conditions named as the patient's history. */
    private List<Scored> fromHistory(Frame frame, List<AspectFacts.Rule> rules) {
        List<Scored> out = new ArrayList<>();
        for (Around a : graph.around(frame.patient().history(), AspectFacts.types(rules), GraphEvidence.CAP)) {
            if (!CONDITIONS.contains(a.center().type())) {
                continue;
            }
            for (Around.Hop h : a.hops()) {
                if (gate.states(h.relation().trust()) && rules.stream().anyMatch(rule -> rule.matches(h.relation(),
                        a.center(), h.other()))) {
                    out.add(new Scored(GraphEvidence.fact(new GraphPath(List.of(a.center(), h.other()),
                            List.of(h.relation())), frame.aspect()), GraphEvidence.score(h.relation())));
                }
            }
        }
        return out;
    }

    /**
     * 「突发右侧肢体无力、言语不清，应首选哪项检查」: the tests (treatments, drugs) of the curated condition that presents
     * with the findings stated and fits the patient (two findings at least, as for a differential), with the findings
     * that point to it.
     */
    private List<Scored> ofTheFittingCondition(Frame frame, List<EntityMention> mentions) {
        Frame asked = frame.withOnlyCandidates(List.of()).withAspect(Aspect.DIFFERENTIAL, Direction.NONE,
                Optional.empty(), List.of());
        List<Scored> fitting = Differential.candidates(graph, asked, mentions, gate);
        if (fitting.isEmpty()) {
            return List.of();
        }
        // two conditions that fit as well (脑梗死 and 脑出血 for sudden weakness) are both answered, and what they share
        // (头颅CT) is put first: it is what tells them apart or serves either
        double top = fitting.getFirst().score();
        List<String> conditions = fitting.stream().filter(s -> s.score() >= top)
                .map(s -> s.fact().path().nodes().getFirst().id()).distinct().limit(2).toList();
        List<Scored> out = new ArrayList<>();
        fitting.stream().filter(s -> conditions.contains(s.fact().path().nodes().getFirst().id()))
                .forEach(s -> out.add(new Scored(new Fact(s.fact().path(), frame.aspect(), Role.ANSWER,
                        Why.NONE, s.fact().curated()), 4)));
        List<AspectFacts.Rule> rules = AspectFacts.rules(frame.aspect(), Direction.NONE);
        Map<String, Set<String>> by = new HashMap<>();
        List<Around.Hop> hops = new ArrayList<>();
        List<Entity> centers = new ArrayList<>();
        for (Around a : graph.around(conditions, AspectFacts.types(rules), GraphEvidence.CAP)) {
            for (Around.Hop h : a.hops()) {
                if (gate.states(h.relation().trust()) && rules.stream().anyMatch(rule -> rule.matches(h.relation(),
                        a.center(), h.other()))) {
                    by.computeIfAbsent(h.other().id(), k -> new HashSet<>()).add(a.center().id());
                    hops.add(h);
                    centers.add(a.center());
                }
            }
        }
        for (int i = 0; i < hops.size(); i++) {
            Around.Hop h = hops.get(i);
            double shared = by.get(h.other().id()).size() > 1 ? 1 : 0;
            // the aspect's most direct relation first: a test that diagnoses before a scale that grades
            double direct = 0.3 / (1 + AspectFacts.rank(rules, h.relation(), centers.get(i), h.other()));
            out.add(new Scored(GraphEvidence.fact(new GraphPath(List.of(centers.get(i), h.other()),
                    List.of(h.relation())), frame.aspect()), 3 + shared + direct + GraphEvidence.score(h.relation())));
        }
        return out;
    }

    /**
     * The aspect answered for the focus's curated subtypes, two at most, when the focus itself has no fact of it: a
     * subtype is part of what was asked, never a third disease. The path says which subtype each fact is about.
     */
    private List<Scored> subtypes(Focus focus, Aspect aspect, List<AspectFacts.Rule> rules) {
        List<Around> own = graph.around(List.of(focus.id()), Set.of("SUBTYPE_OF"), GraphEvidence.CAP);
        Map<String, Relation> via = new LinkedHashMap<>();
        Map<String, Entity> from = new HashMap<>();
        for (Around a : own) {
            for (Around.Hop h : a.hops()) {
                Relation r = h.relation();
                if (r.endId().equals(focus.id()) && gate.states(r.trust()) && CONDITIONS.contains(h.other().type())) {
                    via.putIfAbsent(h.other().id(), r);
                    from.putIfAbsent(h.other().id(), a.center());
                }
            }
        }
        if (via.isEmpty()) {
            return List.of();
        }
        // the subtypes the graph says most about this aspect: the most common kinds (脑梗死 before 卒中复发)
        Set<String> wanted = AspectFacts.types(rules);
        List<String> chosen = graph.degreesWith(List.copyOf(via.keySet()), wanted).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(2).map(Map.Entry::getKey).toList();
        List<Scored> out = new ArrayList<>();
        for (Around c : graph.around(chosen, wanted, GraphEvidence.CAP)) {
            int n = 0;
            for (Around.Hop h : c.hops()) {
                Relation r = h.relation();
                if (n < 4 && gate.states(r.trust()) && !Cautions.generic(h.other())
                        && rules.stream().anyMatch(rule -> rule.matches(r, c.center(), h.other()))) {
                    GraphPath p = new GraphPath(List.of(from.get(c.center().id()), c.center(), h.other()),
                            List.of(via.get(c.center().id()), r));
                    out.add(new Scored(new Fact(p, aspect, Role.ANSWER, Why.NONE, true),
                            0.8 + GraphEvidence.score(r)));
                    n++;
                }
            }
        }
        return out;
    }

    /**
     * A symptom's treatments through its condition: 手臂僵硬 → 痉挛 → 痉挛's treatments, when 痉挛 is tied to another
     * entity the question names (its 中风). Two conditions at most, the most specific (fewest relations) first.
     */
    private List<Scored> bridge(Focus symptom, Aspect aspect, List<AspectFacts.Rule> rules,
                                              Set<String> named, Frame.Patient patient) {
        List<Around> own = graph.around(List.of(symptom.id()), Set.of("HAS_SYMPTOM", "COMPLICATION_OF", "CAUSES"),
                GraphEvidence.CAP);
        Map<String, Relation> via = new LinkedHashMap<>();
        Map<String, Entity> conditions = new HashMap<>();
        for (Around a : own) {
            for (Around.Hop h : a.hops()) {
                Relation r = h.relation();
                boolean belongs = (r.type().equals("HAS_SYMPTOM") && r.endId().equals(symptom.id()))
                        || (!r.type().equals("HAS_SYMPTOM") && r.startId().equals(symptom.id()));
                // a condition this patient cannot have (a children's one for an adult) is no bridge
                if (belongs && Provenance.curated(r) && CONDITIONS.contains(h.other().type())
                        && !named.contains(h.other().id()) && Differential.fit(h.other(), List.of(new GraphPath(
                        List.of(h.other(), a.center()), List.of(r))), patient).isPresent()) {
                    via.putIfAbsent(h.other().id(), r);
                    conditions.putIfAbsent(h.other().id(), h.other());
                }
            }
        }
        if (via.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = new HashSet<>(AspectFacts.types(rules));
        List<String> chosen = graph.degreesWith(List.copyOf(via.keySet()), wanted).entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).limit(4).map(Map.Entry::getKey).toList();
        Set<String> tieTypes = Set.of("COMPLICATION_OF", "CAUSES", "HAS_SYMPTOM", "SUBTYPE_OF");
        Set<String> all = new HashSet<>(wanted);
        all.addAll(tieTypes);
        List<Scored> out = new ArrayList<>();
        int used = 0;
        for (Around c : graph.around(chosen, all, GraphEvidence.CAP)) {
            boolean tied = c.hops().stream().anyMatch(h -> tieTypes.contains(h.relation().type())
                    && named.contains(h.other().id()) && !h.other().id().equals(symptom.id()));
            if (!tied || used == 2) {
                continue;
            }
            used++;
            Entity from = own.getFirst().center();
            for (Around.Hop h : c.hops()) {
                Relation r = h.relation();
                if (rules.stream().anyMatch(rule -> rule.matches(r, c.center(), h.other()))) {
                    GraphPath p = new GraphPath(List.of(from, c.center(), h.other()),
                            List.of(via.get(c.center().id()), r));
                    out.add(new Scored(new Fact(p, aspect, Role.ANSWER,
                            Why.NONE, Provenance.curated(r)), 0.9 + GraphEvidence.score(r)));
                }
            }
        }
        return out;
    }
}
