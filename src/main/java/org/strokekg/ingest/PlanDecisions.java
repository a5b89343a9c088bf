package org.strokekg.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strokekg.graph.BatchPlan;
import org.strokekg.graph.Decided;
import org.strokekg.graph.FactRef;

/**
 * The standing curator decisions on the facts a plan writes: a fact reviewed or retracted before (and then undone with
 * its source) comes back with its decisions, and a relation also comes back withdrawn when an entity at either end was
 * retracted (an entity's review does not extend to its relations).
 */
final class PlanDecisions {

    private PlanDecisions() {
    }

    static Map<FactRef, Decided> of(BatchPlanner.Planned planned, Map<FactRef, Decided> active) {
        Map<FactRef, Decided> out = new HashMap<>();
        if (active.isEmpty()) {
            return out;
        }
        for (BatchPlan.NewEntity e : planned.newEntities()) {
            put(out, FactRef.entity(e.id()), active.getOrDefault(FactRef.entity(e.id()), Decided.NONE));
        }
        for (BatchPlan.NewRelation r : planned.relations()) {
            Decided d = active.getOrDefault(FactRef.relation(r.id()), Decided.NONE)
                    .plus(retractions(active, r.startId()))
                    .plus(retractions(active, r.endId()));
            put(out, FactRef.relation(r.id()), d);
        }
        for (BatchPlan.NewPassage p : planned.passages()) {
            put(out, FactRef.passage(p.id()), active.getOrDefault(FactRef.passage(p.id()), Decided.NONE));
        }
        return out;
    }

    private static Decided retractions(Map<FactRef, Decided> active, String entityId) {
        Decided d = active.getOrDefault(FactRef.entity(entityId), Decided.NONE);
        return d.retracted() ? new Decided(List.of(), d.retractedBy()) : Decided.NONE;
    }

    private static void put(Map<FactRef, Decided> out, FactRef fact, Decided d) {
        if (!d.equals(Decided.NONE)) {
            out.put(fact, d);
        }
    }
}
