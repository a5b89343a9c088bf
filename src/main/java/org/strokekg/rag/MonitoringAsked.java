package org.strokekg.rag;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.strokekg.graph.GraphQueries;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.search.EntityMention;
import org.strokekg.text.TextNormalizer;

/**
 * A question which test monitors a drug the patient takes (「房颤吃华法林要查什么指标」, "she has atrial fibrillation and
 * takes warfarin: which test monitors it?", an exam case asking which study assesses "adherence and therapeutic
 * efficacy"). Such a question is about the drug, not the condition it is given for: the condition's own tests (an ECG
 * for atrial fibrillation) answer another question. The drug becomes the focus and the aspect {@link Aspect#TESTS},
 * whose rules read the drug's {@code MONITORED_BY} facts.
 *
 * <p>Precision first: only a drug the graph says is monitored by a test (the {@code monitored} predicate, a graph
 * look-up) is chosen, so a case naming four drugs is read as asking about the one that has a monitoring test, and a
 * question naming no such drug keeps its frame.
 */
final class MonitoringAsked {

    /** Words that ask how a drug's effect is checked, in the folded (lower-case, simplified) question. */
    private static final Pattern MONITORING = Pattern.compile("监测|(查|测|看|验)(什么|哪些|哪个|啥)?指标|(什么|哪些|哪个|啥)指标"
            + "|抗凝(强度|效果|是否达标)|剂量(是否)?合适|查血|抽血|验血|国际标准化比值|\\binr\\b|\\baptt\\b"
            + "|\\bmonitor\\w*|\\blab(oratory)? (tests?|values?|studies)\\b|\\bblood tests?\\b|\\badherence\\b"
            + "|\\btherapeutic (efficacy|effect|range|level)|\\b(which|what) (of the following )?(tests?|studies|study|labs?)"
            + "\\b[^.?]{0,40}\\b(order|check|measure|follow)|\\bcheck(ing)? (the |that the )?(dose|level|effect)");
    /** The readings a monitoring question gets without this refinement; any other aspect asks something else. */
    private static final Set<Aspect> KEPT = Set.of(Aspect.TESTS, Aspect.OVERVIEW, Aspect.DEFINITION, Aspect.DRUGS,
            Aspect.TREATMENT, Aspect.CARE);

    private MonitoringAsked() {
    }

    /** A drug is monitored where the graph holds a {@code MONITORED_BY} relation from it (retracted ones are not read). */
    static Predicate<String> inGraph(GraphQueries graph) {
        return id -> graph.around(List.of(id), Set.of("MONITORED_BY"), 4).stream().flatMap(a -> a.hops().stream())
                .anyMatch(h -> h.relation().startId().equals(id));
    }

    /**
     * The frame with the monitored drug as its focus and {@code TESTS} as its aspect, when the question asks how a drug
     * is monitored and names one the graph has a monitoring test for; {@code frame} unchanged otherwise.
     *
     * @param text      the question as read
     * @param shape     its parts: the cue and the drug are read in the stem (an exam item's options left out)
     * @param mentions  the entities the question names
     * @param monitored whether a drug (by id) has a test that monitors it in the graph
     */
    static Frame refine(Frame frame, String text, QuestionShape shape, List<EntityMention> mentions,
                        Predicate<String> monitored) {
        if (!KEPT.contains(frame.aspect()) || frame.focus().filter(f -> f.type().equals("Drug")
                && frame.aspect() == Aspect.TESTS).isPresent()) {
            return frame;
        }
        String folded = TextNormalizer.forMatching(text.substring(shape.stemStart(), shape.stemEnd()));
        if (!MONITORING.matcher(folded).find()) {
            return frame;
        }
        Optional<EntityMention> drug = mentions.stream().filter(m -> m.type().equals("Drug") && shape.inStem(m.start()))
                .filter(m -> monitored.test(m.entityId())).findFirst();
        return drug.map(d -> frame.withMonitoredDrug(new Focus(d.entityId(), d.type(), d.name(), d.surface())))
                .orElse(frame);
    }
}
