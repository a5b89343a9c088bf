package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
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
 * the 中风 the question names). Where the focus has none or too few of its own, the aspect is answered through another
 * condition ({@link IndirectFacts}). Curated facts come first; where curated facts answer an aspect, others are left
 * out. Treatments that may not fit the patient become cautions ({@link Cautions}).
 */
final class GraphEvidence {

    static final int MAX_LINKED = 5;
    static final int CAP = 300;
    private static final int MAX_WITHHELD = 8;

    private final GraphQueries graph;

    /** What the request lets the answer state: facts below its level are not selected. */
    private final TrustGate gate;

    /** Facts that answer the frame but that the request may not state: listed with the evidence, with their level. */
    private final List<GraphPath> withheld = new ArrayList<>();

    /** The aspect's facts through another condition where the focus has none or too few of its own. */
    private final IndirectFacts indirect;

    GraphEvidence(GraphQueries graph, TrustGate gate) {
        this.gate = gate;
        this.graph = graph;
        this.indirect = new IndirectFacts(graph, gate);
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
                    if (withheld.size() < MAX_WITHHELD && rules.values().stream().anyMatch(rs -> AspectFacts.rank(rs, r,
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
                    int rank = AspectFacts.rank(e.getValue(), r, a.center(), hop.other());
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
        scored.addAll(indirect.of(frame, mentions, rules, named, answered));
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

    /** Curated facts first, then by the source's confidence. */
    static double score(Relation r) {
        return (Provenance.curated(r) ? 1.0 : 0.0) + 0.1 * r.confidence().orElse(0.5);
    }

    /** An answer to the aspect: curated only where every step of its path is. */
    static Fact fact(GraphPath p, Aspect aspect) {
        return new Fact(p, aspect, Role.ANSWER, Why.NONE,
                p.relationships().stream().allMatch(Provenance::curated));
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
