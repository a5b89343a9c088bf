package org.strokekg.rag;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.strokekg.graph.Around;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Focus;

/**
 * A question about one intervention for a condition (「脑梗死患者能吃阿司匹林吗」「高血压患者能吃柿子吗」): the answer
 * is what joins them and what the graph says of the intervention, not the condition's other treatments, which answer
 * another question. Where nothing the request may state joins them (柿子 only in the unreviewed crawl), the aspect's
 * own facts for the condition are what can be said, rather than "nothing on its diet". The intervention's other
 * indications (「肺栓塞、深静脉血栓形成…可采用抗凝治疗」 for a valvular AF patient's anticoagulant, the ischaemic
 * indications of 血管内治疗 for an AVM) answer "what else is it used for", which nobody asked: a condition the
 * question does not name, that is not the focus nor one of its kinds, is not joined through the intervention.
 */
final class NamedIntervention {

    private static final Set<Aspect> ASPECTS = Set.of(Aspect.TREATMENT, Aspect.DRUGS, Aspect.DIET,
            Aspect.REHABILITATION, Aspect.CARE, Aspect.PREVENTION);
    private static final Set<String> TYPES = Set.of("Drug", "Treatment", "RehabMethod", "CareMeasure",
            "AssistiveDevice", "Food");

    private NamedIntervention() {
    }

    /** Whether the frame asks about a named intervention for its focus. */
    static boolean asked(Frame frame) {
        return ASPECTS.contains(frame.aspect()) && frame.others().stream().anyMatch(o -> TYPES.contains(o.type()));
    }

    private static final Set<String> INDICATIONS = Set.of("TREATED_BY", "PREVENTED_BY");
    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication", "Symptom");

    /**
     * Drops the intervention's indications for conditions the question does not name: neither the focus, nor a kind of
     * it (缺血性脑卒中 of 脑卒中: its indication answers the focus), nor anything named in the question.
     *
     * @param named the entities the question names (its mentions and options)
     */
    static void withoutOtherIndications(List<GraphEvidence.Scored> scored, Frame frame, Set<String> named,
                                        GraphQueries graph) {
        if (frame.focus().isEmpty()) {
            return;
        }
        String focus = frame.focus().get().id();
        Set<String> interventions = new HashSet<>(frame.others().stream().filter(o -> TYPES.contains(o.type()))
                .map(Focus::id).toList());
        Set<String> kinds = new HashSet<>();
        kinds.add(focus);
        kinds.addAll(named);
        List<GraphEvidence.Scored> elsewhere = scored.stream().filter(s -> otherIndication(s.fact(), interventions,
                kinds)).toList();
        if (elsewhere.isEmpty()) {
            return;
        }
        // the kinds of the focus are read only when some indication may be another condition's
        for (Around a : graph.around(List.of(focus), Set.of("SUBTYPE_OF"), 100)) {
            a.hops().stream().filter(h -> h.relation().endId().equals(focus)).forEach(h -> kinds.add(h.other().id()));
        }
        scored.removeIf(s -> otherIndication(s.fact(), interventions, kinds));
    }

    /** A condition, not among {@code kinds}, treated or prevented by one of the interventions asked. */
    private static boolean otherIndication(Evidence.Fact f, Set<String> interventions, Set<String> kinds) {
        if (f.role() != Evidence.Role.ANSWER) {
            return false; // a caution says why something may not fit this patient: never dropped here
        }
        Relation r = f.relation();
        return INDICATIONS.contains(r.type()) && interventions.contains(r.endId()) && !kinds.contains(r.startId())
                && CONDITIONS.contains(f.start().type());
    }

    /** Keeps the facts that join the focus to the intervention asked, where one of them may be stated. */
    static void keepJoining(List<GraphEvidence.Scored> scored, Frame frame, TrustGate gate) {
        Set<String> named = new HashSet<>(frame.others().stream().map(Focus::id).toList());
        List<GraphEvidence.Scored> joining = scored.stream()
                .filter(s -> s.fact().path().nodes().stream().anyMatch(n -> named.contains(n.id()))).toList();
        if (joining.stream().anyMatch(s -> s.fact().path().relationships().stream()
                .allMatch(r -> gate.states(r.trust())))) {
            scored.retainAll(joining);
        }
    }
}
