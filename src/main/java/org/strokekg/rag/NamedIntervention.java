package org.strokekg.rag;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Focus;

/**
 * A question about one intervention for a condition (「脑梗死患者能吃阿司匹林吗」「高血压患者能吃柿子吗」): the answer
 * is what joins them and what the graph says of the intervention, not the condition's other treatments, which answer
 * another question. Where nothing the request may state joins them (柿子 only in the unreviewed crawl), the aspect's
 * own facts for the condition are what can be said, rather than "nothing on its diet".
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
