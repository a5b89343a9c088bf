package org.strokekg.rag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.search.EntityMention;
import org.strokekg.trust.Hygiene;
import org.strokekg.trust.Trust;

/**
 * The last step of the evidence stage, for unreviewed knowledge only: what {@link Hygiene} rejects is not stated even
 * when a request asks for unreviewed knowledge. A fact with an unreviewed step goes when a step is rejected, when a
 * node it passes through is a fragment or a placeholder (其他治疗 joins every disease that lists it: it bridges
 * nothing), or when it conflicts with the patient the question describes (a drug that thins the blood for a bleeding
 * patient, sugar or congee for a diabetic, any crawl drug for a pregnant patient or a child: the crawl gives no dose
 * and no contraindication; a caution that says so stays), or when the question names a site the linked crawl entity
 * lacks (胃食管静脉曲张 linked to 静脉曲张, whose crawl record is about the legs). Unreviewed passage sentences that are crawl attribute lines are not quoted. What goes is
 * listed with the withheld evidence, so a curator can still see and review it. Curated and reviewed knowledge passes
 * untouched.
 */
final class UnreviewedHygiene {

    private static final Set<Frame.Caution> THIN_BLOOD_UNSAFE = Set.of(Frame.Caution.BLEEDING,
            Frame.Caution.LOW_PLATELETS, Frame.Caution.ANTICOAGULATED, Frame.Caution.BRAIN_BLEED);

    private UnreviewedHygiene() {
    }

    /**
     * The evidence without the unreviewed facts and sentences the hygiene rejects.
     *
     * @param question the question as linked, and its mentions: a site written before a mention narrows it
     */
    static Evidence apply(Evidence ev, String question, List<EntityMention> mentions) {
        Set<String> narrowed = new HashSet<>();
        for (EntityMention m : mentions) {
            if (m.start() > 0 && m.start() <= question.length() && Hygiene.siteBefore(
                    question.substring(Math.max(0, m.start() - 4), m.start()), m.name()).isPresent()) {
                narrowed.add(m.entityId());
            }
        }
        boolean diabetic = Stream.concat(Stream.concat(ev.focus().stream(), ev.others().stream()), ev.linked().stream())
                .anyMatch(e -> Hygiene.diabetes(e.name()));
        List<Fact> facts = new ArrayList<>();
        List<GraphPath> withheld = new ArrayList<>(ev.withheld());
        for (Fact f : ev.facts()) {
            if (rejects(f, ev.frame().patient(), diabetic, narrowed).isPresent()) {
                withheld.add(f.path());
            } else {
                facts.add(f);
            }
        }
        List<Quote> quotes = new ArrayList<>();
        for (Quote q : ev.quotes()) {
            if (q.doc().trust() != Trust.UNREVIEWED) {
                quotes.add(q);
                continue;
            }
            List<String> kept = q.sentences().stream().filter(s -> Hygiene.sentence(s).isEmpty()).toList();
            if (!kept.isEmpty()) {
                quotes.add(kept.size() == q.sentences().size() ? q
                        : new Quote(q.doc(), kept, q.subject(), q.aspect(), q.english()));
            }
        }
        if (facts.size() == ev.facts().size() && quotes.size() == ev.quotes().size()
                && quotes.stream().allMatch(ev.quotes()::contains)) {
            return ev;
        }
        return new Evidence(ev.frame(), ev.linked(), ev.focus(), ev.others(), facts, quotes, ev.retrieved(), withheld,
                ev.graphMs(), ev.passagesMs());
    }

    /**
     * Why a fact may not be stated, if it may not: only a fact with an unreviewed step is judged.
     *
     * @param diabetic whether the question is about diabetes or a diabetic patient
     * @param narrowed the entities the question names with a site their name lacks (胃食管 + 静脉曲张)
     */
    static Optional<Hygiene.Rule> rejects(Fact f, Frame.Patient patient, boolean diabetic, Set<String> narrowed) {
        GraphPath p = f.path();
        if (p.relationships().stream().noneMatch(r -> r.trust() == Trust.UNREVIEWED)) {
            return Optional.empty();
        }
        // a node the path passes through must be a whole, specific name: a placeholder bridges nothing
        for (int i = 1; i < p.nodes().size() - 1; i++) {
            Optional<Hygiene.Rule> bridge = Hygiene.name(p.nodes().get(i).name());
            if (bridge.isPresent()) {
                return bridge;
            }
        }
        for (Relation r : p.relationships()) {
            if (r.trust() != Trust.UNREVIEWED) {
                continue;
            }
            Entity start = node(p, r.startId());
            Entity end = node(p, r.endId());
            Optional<Hygiene.Rule> rule = Hygiene.fact(r.type(), start.name(), end.name());
            if (rule.isPresent()) {
                return rule;
            }
            if (narrowed.contains(r.startId()) || narrowed.contains(r.endId())) {
                return Optional.of(Hygiene.Rule.SITE_NOT_NAMED);
            }
            if (f.role() == Evidence.Role.CAUTION) {
                continue; // a caution is how a fact that may not fit the patient is meant to be shown
            }
            if (r.type().equals("TREATED_BY") && Hygiene.bloodFlow(end.name())
                    && patient.cautions().stream().anyMatch(THIN_BLOOD_UNSAFE::contains)) {
                return Optional.of(Hygiene.Rule.BLOOD_FLOW_FOR_BLEED);
            }
            if (r.type().equals("RECOMMENDED_FOOD") && diabetic && Hygiene.sweet(end.name())) {
                return Optional.of(Hygiene.Rule.SWEET_FOR_DIABETES);
            }
            if (r.type().equals("TREATED_BY") && end.type().equals("Drug") && (patient.pregnant() || patient.young())) {
                return Optional.of(Hygiene.Rule.DRUG_FOR_PREGNANCY_OR_CHILD);
            }
        }
        return Optional.empty();
    }

    private static Entity node(GraphPath p, String id) {
        return GraphEvidence.node(p, id);
    }
}
