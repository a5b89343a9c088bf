package org.strokekg.rag;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strokekg.graph.Around;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Frame.Aspect;

/**
 * A condition that only an intervention causes (a neck-wound haematoma after carotid endarterectomy, orolingual
 * angioedema after alteplase: {@code 颈动脉内膜剥脱术 CAUSES 颈部切口血肿}, and no other cause, risk factor or disease it
 * complicates in the graph; not 脑出血, which warfarin causes but hypertension too) is put forward as what explains a symptom or a case only
 * when the question names that intervention, or one that uses it or is a kind of it (静脉溶栓 uses 阿替普酶): a patient
 * in whom neither happened cannot have its complication, however well the symptom fits.
 */
final class Iatrogenic {

    /** Entity types whose {@code CAUSES} make what they cause a complication of having had them. */
    private static final Set<String> INTERVENTIONS = Set.of("Drug", "Treatment", "Examination", "RehabMethod",
            "CareMeasure");
    /** Aspects whose facts put a condition forward as the explanation of what the question states. */
    private static final Set<Aspect> EXPLAINING = Set.of(Aspect.CAUSE, Aspect.DIFFERENTIAL);
    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication");
    private static final int CAP = 100;

    private Iatrogenic() {
    }

    /**
     * Drops the facts that put forward a condition caused by an intervention the question does not name.
     *
     * @param named the entities the question names (its mentions and options)
     */
    static void withoutUnstatedCause(List<GraphEvidence.Scored> scored, Set<String> named, GraphQueries graph) {
        Set<String> putForward = new HashSet<>();
        for (GraphEvidence.Scored s : scored) {
            explained(s.fact(), named).ifPresent(putForward::add);
        }
        if (putForward.isEmpty()) {
            return;
        }
        Map<String, Set<String>> causes = new HashMap<>();
        Set<String> arisesOtherwise = new HashSet<>();
        for (Around a : graph.around(List.copyOf(putForward), Set.of("CAUSES", "RISK_FACTOR_OF", "COMPLICATION_OF"),
                CAP)) {
            String id = a.center().id();
            for (Around.Hop h : a.hops()) {
                Relation r = h.relation();
                boolean into = r.endId().equals(id);
                if (into && !r.type().equals("COMPLICATION_OF") && INTERVENTIONS.contains(h.other().type())) {
                    causes.computeIfAbsent(id, k -> new HashSet<>()).add(h.other().id());
                } else if (into != r.type().equals("COMPLICATION_OF")) {
                    // a condition with a cause or risk of its own (脑出血: 高血压), or a complication of a disease
                    // (出血转化 of 脑梗死), arises without any intervention
                    arisesOtherwise.add(id);
                }
            }
        }
        arisesOtherwise.forEach(causes::remove);
        if (causes.isEmpty()) {
            return;
        }
        Set<String> stated = statedInterventions(graph, causes, named);
        Set<String> unfit = new HashSet<>();
        causes.forEach((condition, by) -> {
            if (by.stream().noneMatch(stated::contains)) {
                unfit.add(condition);
            }
        });
        scored.removeIf(s -> explained(s.fact(), named).filter(unfit::contains).isPresent());
    }

    /** The condition a fact puts forward to explain a finding (it presents with it), unless the question names it. */
    private static Optional<String> explained(Fact f, Set<String> named) {
        Relation r = f.relation();
        if (f.role() != Evidence.Role.ANSWER || !EXPLAINING.contains(f.aspect()) || !r.type().equals("HAS_SYMPTOM")
                || !CONDITIONS.contains(f.start().type()) || named.contains(r.startId())) {
            return Optional.empty();
        }
        return Optional.of(r.startId());
    }

    /** Of the causing interventions, those the question names, directly or through one that uses it or is its kind. */
    private static Set<String> statedInterventions(GraphQueries graph, Map<String, Set<String>> causes,
                                                   Set<String> named) {
        Set<String> all = new HashSet<>();
        causes.values().forEach(all::addAll);
        Set<String> stated = new HashSet<>();
        for (String id : all) {
            if (named.contains(id)) {
                stated.add(id);
            }
        }
        for (Around a : graph.around(List.copyOf(all), Set.of("USES", "SUBTYPE_OF"), CAP)) {
            if (a.hops().stream().anyMatch(h -> named.contains(h.other().id()))) {
                stated.add(a.center().id());
            }
        }
        return stated;
    }
}
