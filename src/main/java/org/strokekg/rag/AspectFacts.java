package org.strokekg.rag;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strokekg.graph.Entity;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Direction;

/**
 * Which graph facts answer an aspect, in which direction: 「X的原因」 is answered by relations that end at X
 * ({@code A CAUSES X}, {@code A RISK_FACTOR_OF X}), 「X会引起什么」 by relations that start at X, 「X的症状」 by
 * {@code X HAS_SYMPTOM s} whose other end is a symptom — never a disease (「脑出血可出现高血压」 is a crawl's
 * mistake, not a symptom). Each rule also says which types the other end may have, so a relation that is
 * nonsense by type is never stated whatever its source.
 */
final class AspectFacts {

    /**
     * One kind of fact: a relation type, whether the focus is its start ({@code out}), the types of its other end, and
     * whether only curated facts of it may be used (a symptom's conditions: the crawl lists hundreds for 头晕).
     */
    record Rule(String type, boolean out, Set<String> otherTypes, boolean curatedOnly, boolean interventionOnly) {
        Rule(String type, boolean out, Set<String> otherTypes) {
            this(type, out, otherTypes, false, false);
        }

        Rule(String type, boolean out, Set<String> otherTypes, boolean curatedOnly) {
            this(type, out, otherTypes, curatedOnly, false);
        }

        /**
         * @param focus the entity the rule is applied from; {@code interventionOnly} rules (a drug's adverse effects)
         *              apply only from a drug or treatment
         */
        boolean matches(Relation r, Entity focus, Entity other) {
            String focusId = focus.id();
            return r.type().equals(type) && (out ? r.startId().equals(focusId) : r.endId().equals(focusId))
                    && !r.startId().equals(r.endId()) && otherTypes.contains(other.type())
                    && (!curatedOnly || Provenance.curated(r))
                    && (!interventionOnly || focus.type().equals("Drug") || focus.type().equals("Treatment"));
        }
    }

    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication");
    private static final Set<String> SIGNS = Set.of("Symptom", "Complication");
    private static final Set<String> CAUSES = Set.of("Disease", "Complication", "RiskFactor", "Drug", "Treatment");
    private static final Set<String> TREATMENTS = Set.of("Treatment", "Drug", "RehabMethod");
    private static final Set<String> CARE = Set.of("CareMeasure", "AssistiveDevice");
    private static final Set<String> PREVENTIONS = Set.of("Drug", "Treatment", "CareMeasure", "RehabMethod",
            "AssistiveDevice");
    private static final Set<String> TESTS = Set.of("Examination", "Assessment");
    private static final Set<String> TREATED = Set.of("Disease", "Complication", "Symptom");
    private static final Set<String> ANY = Set.of("Disease", "Complication", "Symptom", "Drug", "Treatment",
            "RehabMethod", "RiskFactor");

    private static Rule out(String type, Set<String> others) {
        return new Rule(type, true, others);
    }

    private static Rule in(String type, Set<String> others) {
        return new Rule(type, false, others);
    }

    private static final Map<Aspect, List<Rule>> RULES = Map.ofEntries(
            Map.entry(Aspect.DEFINITION, List.of(out("SUBTYPE_OF", Set.of("Disease", "Complication", "Drug", "Treatment",
                    "RehabMethod", "Examination", "Assessment", "Symptom")), in("SUBTYPE_OF", Set.of("Disease",
                    "Complication", "Drug", "Treatment", "RehabMethod", "Examination", "Assessment")),
                    out("LOCATED_IN", Set.of("BodyPart")))),
            Map.entry(Aspect.RISK, List.of(in("RISK_FACTOR_OF", Set.of("RiskFactor", "Disease", "Complication")),
                    in("CAUSES", CAUSES))),
            Map.entry(Aspect.SYMPTOMS, List.of(out("HAS_SYMPTOM", SIGNS), in("WARNING_SIGN_OF", Set.of("Symptom")))),
            // a drug's tests are the ones that monitor it (华法林 → INR); a treatment's, the ones it uses (抗凝治疗 → APTT)
            Map.entry(Aspect.TESTS, List.of(out("MONITORED_BY", TESTS), out("DIAGNOSED_BY", TESTS),
                    out("ASSESSED_BY", TESTS), out("USES", TESTS))),
            // a drug or treatment asked about: what it treats, what it must not be used with
            Map.entry(Aspect.TREATMENT, List.of(out("TREATED_BY", TREATMENTS), in("TREATED_BY", TREATED),
                    out("CONTRAINDICATED_WITH", ANY), out("USES", Set.of("Drug")), new Rule("CAUSES", true,
                    Set.of("Disease", "Complication", "Symptom"), false, true))),
            Map.entry(Aspect.DRUGS, List.of(out("TREATED_BY", Set.of("Drug")), out("PREVENTED_BY", Set.of("Drug")),
                    in("TREATED_BY", TREATED), in("PREVENTED_BY", TREATED), out("CONTRAINDICATED_WITH", ANY),
                    out("SUBTYPE_OF", Set.of("Drug")), out("USES", Set.of("Drug")), new Rule("CAUSES", true,
                    Set.of("Disease", "Complication", "Symptom"), false, true))),
            Map.entry(Aspect.PREVENTION, List.of(out("PREVENTED_BY", PREVENTIONS), in("RISK_FACTOR_OF",
                    Set.of("RiskFactor", "Disease")))),
            Map.entry(Aspect.REHABILITATION, List.of(out("REHABILITATED_BY", Set.of("RehabMethod", "AssistiveDevice")))),
            Map.entry(Aspect.CARE, List.of(out("MANAGED_BY", CARE), out("PREVENTED_BY", Set.of("CareMeasure",
                    "AssistiveDevice")))),
            Map.entry(Aspect.DIET, List.of(out("RECOMMENDED_FOOD", Set.of("Food")), out("AVOID_FOOD", Set.of("Food")))),
            Map.entry(Aspect.DEPARTMENT, List.of(out("BELONGS_TO", Set.of("Department")))),
            Map.entry(Aspect.WHAT_TO_DO_NOW, List.of(in("WARNING_SIGN_OF", Set.of("Symptom")))),
            // the outlook is in the passages: the graph's complications answer another question
            Map.entry(Aspect.PROGNOSIS, List.of()),
            Map.entry(Aspect.DAILY_LIFE, List.of()),
            Map.entry(Aspect.DIFFERENTIAL, List.of(out("SUBTYPE_OF", CONDITIONS), out("DIAGNOSED_BY", TESTS))),
            Map.entry(Aspect.COMPARISON, List.of(out("SUBTYPE_OF", Set.of("Disease", "Complication", "Drug", "Treatment",
                    "RehabMethod")), out("TREATED_BY", TREATMENTS), out("HAS_SYMPTOM", SIGNS), out("CAUSES", SIGNS))),
            Map.entry(Aspect.RELATION, List.of()),
            // where the lesion is: the site a syndrome or finding is located in; a TCM question is answered by the
            // TCM passages alone, never by the graph's Western treatments
            Map.entry(Aspect.LESION_SITE, List.of(out("LOCATED_IN", Set.of("BodyPart")))),
            Map.entry(Aspect.TCM, List.of()),
            Map.entry(Aspect.OVERVIEW, List.of(out("SUBTYPE_OF", CONDITIONS), out("HAS_SYMPTOM", SIGNS),
                    out("TREATED_BY", TREATMENTS), out("REHABILITATED_BY", Set.of("RehabMethod")),
                    in("TREATED_BY", TREATED), in("PREVENTED_BY", TREATED), out("SUBTYPE_OF", Set.of("Drug", "Treatment",
                            "RehabMethod")))));
    /** 「X的好发部位」: only where it is. */
    private static final List<Rule> LOCATION = List.of(out("LOCATED_IN", Set.of("BodyPart")));
    /** 「为什么要吃尼莫地平」「why is swallow screening needed」: what a drug, test or measure is used for. */
    private static final List<Rule> PURPOSE = List.of(in("TREATED_BY", TREATED), in("PREVENTED_BY", TREATED),
            in("DIAGNOSED_BY", TREATED), in("ASSESSED_BY", TREATED), in("REHABILITATED_BY", TREATED),
            in("MANAGED_BY", TREATED), in("MONITORED_BY", Set.of("Drug")), out("SUBTYPE_OF", Set.of("Drug", "Treatment", "RehabMethod", "Examination",
                    "Assessment")));

    /**
     * Causes of X: what ends at X; for a complication or symptom, also the condition it belongs to and the curated
     * conditions that present with it (「头晕是什么原因」).
     */
    private static final List<Rule> CAUSE_TO = List.of(in("CAUSES", CAUSES), in("RISK_FACTOR_OF",
            Set.of("RiskFactor", "Disease", "Complication")), out("COMPLICATION_OF", CONDITIONS),
            new Rule("HAS_SYMPTOM", false, CONDITIONS, true));
    /** What X causes: what starts at X, and the complications that name X. */
    private static final List<Rule> CAUSE_FROM = List.of(out("CAUSES", Set.of("Disease", "Complication", "Symptom")),
            in("COMPLICATION_OF", Set.of("Complication", "Disease")), out("RISK_FACTOR_OF", CONDITIONS));

    private AspectFacts() {
    }

    /** The rules that answer this aspect in this direction. */
    static List<Rule> rules(Aspect aspect, Direction direction) {
        return rules(aspect, direction, java.util.Optional.empty());
    }

    static List<Rule> rules(Aspect aspect, Direction direction, java.util.Optional<String> topic) {
        if (topic.filter(t -> t.equals("location")).isPresent()) {
            return LOCATION;
        }
        if (topic.filter(t -> t.equals("purpose")).isPresent()) {
            return PURPOSE;
        }
        if (topic.filter(t -> t.equals("genetic") || t.equals(AspectCues.RESEARCH_TOPIC)).isPresent()) {
            return List.of(); // the graph has no relation of heredity: the passages answer it, or nothing does
        }
        if (aspect == Aspect.CAUSE) {
            return direction == Direction.FROM_FOCUS ? CAUSE_FROM : CAUSE_TO;
        }
        return RULES.getOrDefault(aspect, List.of());
    }

    /** The position of the first rule the relation matches, -1 for none (an aspect's rules are most direct first). */
    static int rank(List<Rule> rules, Relation r, Entity center, Entity other) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).matches(r, center, other)) {
                return i;
            }
        }
        return -1;
    }

    /** The relation types the rules read (to ask the graph only for those). */
    static Set<String> types(List<Rule> rules) {
        return rules.stream().map(Rule::type).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * A relation that cannot be true by the types at its ends, from any source: a symptom as the complication of a
     * symptom (「眩晕是头痛的并发症」), a disease as a symptom, a thing related to itself.
     */
    static boolean nonsense(Relation r, Entity start, Entity end) {
        if (r.startId().equals(r.endId())) {
            return true;
        }
        return switch (r.type()) {
            case "HAS_SYMPTOM" -> !CONDITIONS.contains(start.type()) || !SIGNS.contains(end.type());
            case "COMPLICATION_OF" -> start.type().equals("Symptom") || !CONDITIONS.contains(end.type());
            case "WARNING_SIGN_OF" -> !start.type().equals("Symptom") || !end.type().equals("Disease");
            default -> false;
        };
    }
}
