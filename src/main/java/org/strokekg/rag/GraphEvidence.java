package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Role;
import org.strokekg.rag.Evidence.Why;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Direction;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.search.EntityMention;
import org.strokekg.trust.Trust;

/**
 * Graph facts for a frame: the focus's relations that answer each aspect asked, in the aspect's direction
 * ({@link AspectFacts}); the walks between the focus and the other entity of a relation or comparison question, or the
 * options of an exam item; for a differential, the candidate conditions that fit the findings the question states. A
 * third condition is never reached through a shared symptom otherwise. A symptom asked about is answered through its
 * condition only when that condition is tied to something else the question names (手臂僵硬 → 痉挛, a complication of
 * the 中风 the question names). Curated facts come first; where curated facts answer an aspect, others are left out.
 * Treatments that may not fit the patient become cautions ({@link Cautions}).
 */
final class GraphEvidence {

    static final int MAX_LINKED = 5;
    private static final int CAP = 300;
    private static final int MAX_WITHHELD = 8;
    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication", "Symptom");
    private static final Set<Aspect> BRIDGED = Set.of(Aspect.TREATMENT, Aspect.DRUGS, Aspect.REHABILITATION,
            Aspect.CARE, Aspect.PREVENTION);

    private final GraphQueries graph;

    /** What the request lets the answer state: facts below its level are not selected. */
    private final TrustGate gate;

    /** Facts that answer the frame but that the request may not state: listed with the evidence, with their level. */
    private final List<GraphPath> withheld = new ArrayList<>();

    GraphEvidence(GraphQueries graph, TrustGate gate) {
        this.gate = gate;
        this.graph = graph;
    }

    /** A candidate fact and how well it answers. */
    record Scored(Fact fact, double score) {
    }

    /** What {@link #retrieve} found for the frame but could not select below the request's level. */
    List<GraphPath> withheld() {
        return List.copyOf(withheld);
    }

    List<Fact> retrieve(Frame frame, List<EntityMention> mentions, int maxPaths) {
        List<String> namedIds = mentions.stream().map(EntityMention::entityId).distinct().toList();
        if (frame.focus().isEmpty() && frame.candidates().isEmpty() && !frame.asksDiagnosis() || maxPaths == 0) {
            return List.of(); // a case asked for its diagnosis has no focus: its findings are what is read
        }
        List<String> focusIds = new ArrayList<>();
        frame.focus().ifPresent(f -> focusIds.add(f.id()));
        frame.others().forEach(f -> focusIds.add(f.id()));
        Set<String> named = new HashSet<>(namedIds);
        frame.candidates().forEach(c -> named.add(c.id()));
        List<Aspect> aspects = frame.aspects().stream().limit(3).toList();

        Map<Aspect, List<AspectFacts.Rule>> rules = new LinkedHashMap<>();
        for (Aspect a : aspects) {
            Direction d = a == frame.aspect() ? frame.direction() : Direction.TO_FOCUS;
            rules.put(a, AspectFacts.rules(a, d, a == frame.aspect() ? frame.topic() : java.util.Optional.empty()));
        }
        Set<String> types = new HashSet<>();
        rules.values().forEach(r -> types.addAll(AspectFacts.types(r)));

        List<Scored> scored = new ArrayList<>();
        List<Around> around = focusIds.isEmpty() || types.isEmpty() ? List.of() : graph.around(focusIds, types, CAP);
        for (Around a : around) {
            for (Around.Hop hop : a.hops()) {
                Relation r = hop.relation();
                Entity start = r.startId().equals(a.center().id()) ? a.center() : hop.other();
                Entity end = start == a.center() ? hop.other() : a.center();
                if (AspectFacts.nonsense(r, start, end)) {
                    continue;
                }
                if (!gate.states(r.trust())) {
                    if (withheld.size() < MAX_WITHHELD && rules.values().stream().anyMatch(rs -> ruleRank(rs, r,
                            a.center(), hop.other()) >= 0)) {
                        withheld.add(new GraphPath(List.of(a.center(), hop.other()), List.of(r)));
                    }
                    continue;
                }
                if (Cautions.generic(hop.other())) {
                    continue; // 「可采用药物治疗」 says nothing
                }
                boolean effect = frame.aspect() == Aspect.RELATION && frame.focus().isPresent()
                        && a.center().id().equals(frame.focus().get().id());
                for (Map.Entry<Aspect, List<AspectFacts.Rule>> e : rules.entrySet()) {
                    if (effect && e.getKey() != Aspect.RELATION) {
                        // 「房颤为什么容易导致脑梗死，应该吃什么药」: the drugs asked are the cause's, the patient's own condition
                        continue;
                    }
                    if (frame.setting() == Frame.Setting.HISTORY && e.getKey() == Aspect.CAUSE
                            && r.type().equals("HAS_SYMPTOM") && r.endId().equals(a.center().id())) {
                        continue; // a recurring symptom (经常头痛头晕) is no sudden stroke: not its causes by symptom
                    }
                    int rank = ruleRank(e.getValue(), r, a.center(), hop.other());
                    if (rank >= 0) {
                        GraphPath p = new GraphPath(List.of(a.center(), hop.other()), List.of(r));
                        boolean presenting = r.type().equals("HAS_SYMPTOM") && r.endId().equals(a.center().id());
                        java.util.Optional<Double> fit = presenting ? Differential.fit(hop.other(),
                                List.of(new GraphPath(List.of(hop.other(), a.center()), List.of(r))), frame.patient())
                                : java.util.Optional.of(0.0);
                        if (fit.isEmpty()) {
                            break; // a condition that presents so but cannot be this patient's (儿童卒中 for an adult)
                        }
                        // an aspect's rules are listed most direct first: 「预防」 is answered by what prevents before
                        // the risk factors to control; of the conditions that present so, those that fit come first
                        double bonus = (named.contains(hop.other().id()) ? 2 : 0) + 0.3 / (1 + rank) + 0.5 * fit.get();
                        scored.add(new Scored(fact(p, e.getKey()), score(r) + bonus));
                        break;
                    }
                }
            }
        }
        // the walks between the things the question names together answer how they are related
        List<String> among = new ArrayList<>(focusIds);
        frame.candidates().stream().map(Focus::id).filter(id -> !among.contains(id)).limit(5).forEach(among::add);
        if (among.size() >= 2 && (frame.aspect() == Aspect.RELATION || !frame.others().isEmpty()
                || !frame.candidates().isEmpty())) {
            // walks to an exam item's options support an option only when direct (脑出血 → 发生于 → 基底节);
            // two steps through a third entity are the neighbourhood, not the answer
            int length = frame.aspect() == Aspect.RELATION || frame.aspect() == Aspect.COMPARISON ? 2 : 1;
            // several walks per pair: the shortest may be a crawl relation that is not stated (脑出血-高血压 has both)
            for (GraphPath p : graph.pathsAmong(among.stream().limit(MAX_LINKED).toList(), length, 4, around)) {
                if (frame.aspect() == Aspect.DIFFERENTIAL || (p.length() == 1 && frame.focus().isPresent()
                        && p.nodes().stream().noneMatch(n -> focusIds.contains(n.id())))) {
                    continue; // a differential is answered by the findings; an option joined to another option says nothing
                }
                boolean sound = p.relationships().stream().noneMatch(r -> AspectFacts.nonsense(r, node(p, r.startId()),
                        node(p, r.endId()))) && p.relationships().stream().noneMatch(r -> GraphQueries.HUB_RELATIONS
                        .contains(r.type()));
                if (!sound) {
                    continue;
                }
                if (p.relationships().stream().allMatch(r -> gate.states(r.trust()))) {
                    scored.add(new Scored(fact(p, frame.aspect()), 3.5 - 0.5 * p.length() + score(p.relationships().getLast())));
                } else if (withheld.size() < MAX_WITHHELD) {
                    withheld.add(p); // a walk the request may not state: listed, with its levels
                }
            }
        }
        if (frame.aspect() == Aspect.DIFFERENTIAL) {
            scored.addAll(Differential.candidates(graph, frame, mentions, gate));
        }
        if (frame.aspect() == Aspect.DIFFERENTIAL && frame.candidates().isEmpty() && frame.focus().isPresent()) {
            // 「嘴歪了，是不是中风了」: the findings stated that the condition asked about presents with
            Frame asked = frame.withOnlyCandidates(List.of(frame.focus().get()));
            scored.addAll(Differential.candidates(graph, asked, mentions, gate));
        }
        long answered = scored.stream().filter(s -> s.fact().aspect() == frame.aspect()).count();
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
        if (NamedIntervention.asked(frame)) {
            NamedIntervention.withoutOtherIndications(scored, frame, named, graph);
            NamedIntervention.keepJoining(scored, frame, gate);
        }
        Iatrogenic.withoutUnstatedCause(scored, named, graph);
        if (frame.topic().filter(AspectCues.SENSITIVE_TOPIC::equals).isPresent()) {
            // the test the graph calls sensitive or first is kept whatever the tie order of the other tests of the focus
            scored.replaceAll(s -> BesideThePoint.singledOut(s.fact()) ? new Scored(s.fact(), s.score() + 1) : s);
        }
        List<Fact> chosen = select(scored, aspects, maxPaths, gate.states(Trust.UNREVIEWED));
        return Cautions.apply(graph, frame, chosen, named);
    }

    /** The aspect's facts of the conditions named as the patient's history. */
    private List<Scored> fromHistory(Frame frame, List<AspectFacts.Rule> rules) {
        List<Scored> out = new ArrayList<>();
        for (Around a : graph.around(frame.patient().history(), AspectFacts.types(rules), CAP)) {
            if (!CONDITIONS.contains(a.center().type())) {
                continue;
            }
            for (Around.Hop h : a.hops()) {
                if (gate.states(h.relation().trust()) && rules.stream().anyMatch(rule -> rule.matches(h.relation(),
                        a.center(), h.other()))) {
                    out.add(new Scored(fact(new GraphPath(List.of(a.center(), h.other()), List.of(h.relation())),
                            frame.aspect()), score(h.relation())));
                }
            }
        }
        return out;
    }

    /** Aspects a case's findings are answered for through the condition they fit. */
    private static final Set<Aspect> FITTED = Set.of(Aspect.TESTS, Aspect.TREATMENT, Aspect.DRUGS);

    /**
     * 「突发右侧肢体无力、言语不清，应首选哪项检查」: the tests (treatments, drugs) of the curated condition that presents
     * with the findings stated and fits the patient (two findings at least, as for a differential), with the findings
     * that point to it.
     */
    private List<Scored> ofTheFittingCondition(Frame frame, List<EntityMention> mentions) {
        Frame asked = frame.withOnlyCandidates(List.of()).withAspect(Aspect.DIFFERENTIAL, Direction.NONE,
                java.util.Optional.empty(), List.of());
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
                .forEach(s -> out.add(new Scored(new Fact(s.fact().path(), frame.aspect(), Role.ANSWER, Why.NONE,
                        s.fact().curated()), 4)));
        List<AspectFacts.Rule> rules = AspectFacts.rules(frame.aspect(), Direction.NONE);
        Map<String, Set<String>> by = new HashMap<>();
        List<Around.Hop> hops = new ArrayList<>();
        List<Entity> centers = new ArrayList<>();
        for (Around a : graph.around(conditions, AspectFacts.types(rules), CAP)) {
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
            double direct = 0.3 / (1 + ruleRank(rules, h.relation(), centers.get(i), h.other()));
            out.add(new Scored(fact(new GraphPath(List.of(centers.get(i), h.other()), List.of(h.relation())),
                    frame.aspect()), 3 + shared + direct + score(h.relation())));
        }
        return out;
    }

    /** Aspects a hub without facts of its own answers through its subtypes (脑卒中 → 脑梗死, 出血性脑卒中). */
    private static final Set<Aspect> SUBTYPED = Set.of(Aspect.TREATMENT, Aspect.DRUGS, Aspect.TESTS, Aspect.SYMPTOMS,
            Aspect.PREVENTION, Aspect.REHABILITATION, Aspect.CARE);
    /**
     * The aspect answered for the focus's curated subtypes, two at most, when the focus itself has no fact of it: a
     * subtype is part of what was asked, never a third disease. The path says which subtype each fact is about.
     */
    private List<Scored> subtypes(Focus focus, Aspect aspect, List<AspectFacts.Rule> rules) {
        List<Around> own = graph.around(List.of(focus.id()), Set.of("SUBTYPE_OF"), CAP);
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
        for (Around c : graph.around(chosen, wanted, CAP)) {
            int n = 0;
            for (Around.Hop h : c.hops()) {
                Relation r = h.relation();
                if (n < 4 && gate.states(r.trust()) && !Cautions.generic(h.other())
                        && rules.stream().anyMatch(rule -> rule.matches(r, c.center(), h.other()))) {
                    GraphPath p = new GraphPath(List.of(from.get(c.center().id()), c.center(), h.other()),
                            List.of(via.get(c.center().id()), r));
                    out.add(new Scored(new Fact(p, aspect, Role.ANSWER, Why.NONE, true), 0.8 + score(r)));
                    n++;
                }
            }
        }
        return out;
    }

    /** The position of the first rule the relation matches, -1 for none. */
    private static int ruleRank(List<AspectFacts.Rule> rules, Relation r, Entity center, Entity other) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(r, center, other)) {
                return i;
            }
        }
        return -1;
    }

    /** Curated facts first, then by the source's confidence. */
    private static double score(Relation r) {
        return (Provenance.curated(r) ? 1.0 : 0.0) + 0.1 * r.confidence().orElse(0.5);
    }

    private static Fact fact(GraphPath p, Aspect aspect) {
        return new Fact(p, aspect, Role.ANSWER, Why.NONE,
                p.relationships().stream().allMatch(Provenance::curated));
    }

    /**
     * A symptom's treatments through its condition: 手臂僵硬 → 痉挛 → 痉挛's treatments, when 痉挛 is tied to another
     * entity the question names (its 中风). Two conditions at most, the most specific (fewest relations) first.
     */
    private List<Scored> bridge(Focus symptom, Aspect aspect, List<AspectFacts.Rule> rules, Set<String> named,
                                Frame.Patient patient) {
        List<Around> own = graph.around(List.of(symptom.id()), Set.of("HAS_SYMPTOM", "COMPLICATION_OF", "CAUSES"), CAP);
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
        for (Around c : graph.around(chosen, all, CAP)) {
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
                    GraphPath p = new GraphPath(List.of(from, c.center(), h.other()), List.of(via.get(c.center().id()), r));
                    out.add(new Scored(new Fact(p, aspect, Role.ANSWER,
                            Why.NONE, Provenance.curated(r)), 0.9 + score(r)));
                }
            }
        }
        return out;
    }

    /**
     * Per aspect, the best facts: curated ones only where any answers it, unless the request asks for unreviewed
     * knowledge ({@code all}: then a few places are kept for it after the curated facts, each stated with its label);
     * one statement of each start-type-end (two sources of one fact are one fact); the main aspect up to {@code max},
     * the others up to half as many.
     */
    private static List<Fact> select(List<Scored> scored, List<Aspect> aspects, int max, boolean all) {
        List<Fact> out = new ArrayList<>();
        Set<String> relations = new HashSet<>();
        for (int i = 0; i < aspects.size(); i++) {
            Aspect a = aspects.get(i);
            List<Scored> mine = new ArrayList<>(scored.stream().filter(s -> s.fact().aspect() == a).toList());
            mine.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparingInt(s -> s.fact().path().length()));
            boolean anyCurated = mine.stream().anyMatch(s -> s.fact().curated());
            int limit = i == 0 ? max : Math.max(2, max / 2);
            long others = mine.stream().filter(s -> !s.fact().curated()).count();
            int curatedLimit = all && anyCurated ? limit - (int) Math.min(others, Math.max(1, limit / 3)) : limit;
            Set<String> said = new LinkedHashSet<>();
            int[] n = {0};
            int[] presenting = {0};
            for (boolean curatedPass : List.of(true, false)) {
                for (Scored s : mine) {
                    if (n[0] >= (curatedPass ? curatedLimit : limit)) {
                        break;
                    }
                    if (s.fact().curated() != curatedPass && anyCurated) {
                        continue;
                    }
                    if (!curatedPass && (!anyCurated || !all)) {
                        break; // without curated facts the first pass took every fact; at default none other is said
                    }
                    Relation last = s.fact().relation();
                    boolean presentsWith = a == Aspect.CAUSE && last.type().equals("HAS_SYMPTOM")
                            && !last.startId().equals(s.fact().path().nodes().getFirst().id());
                    if (presentsWith && ++presenting[0] > 4) {
                        continue; // the conditions a symptom belongs to: the few most specific, not every one
                    }
                    Relation r = s.fact().relation();
                    String key = r.startId() + "|" + r.type() + "|" + r.endId();
                    String ids = String.join(",", s.fact().path().relationships().stream().map(Relation::id).toList());
                    if (!said.add(key) || !relations.add(ids)) {
                        continue;
                    }
                    out.add(s.fact());
                    n[0]++;
                }
            }
        }
        return out;
    }

    static Entity node(GraphPath p, String id) {
        return p.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }
}
