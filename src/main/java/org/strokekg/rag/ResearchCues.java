package org.strokekg.rag;

import java.util.regex.Pattern;
import org.strokekg.text.TextNormalizer;

/**
 * Whether a question is a research, mechanism or epidemiology question, or asks about a subject the graph does not hold
 * (another disease's association with stroke): "How does sTNFR1-secreting dendritic cells reduce injury after
 * stroke?", "Dementia and aphasia in motor neuron disease: an underrecognised association?", 「脑卒中的发病率」.
 * Nobody is having a stroke in such a question: the warning-sign notice does not fit it ({@link EmergencyPolicy}).
 */
final class ResearchCues {

    private static final Pattern RESEARCH = Pattern.compile("\\b(mechanisms?|pathophysiolog\\w*|pathogenesis|associations?"
            + "|associated with|correlat\\w*|prevalence|incidence|how many people|epidemiolog\\w*|cohort|trials?"
            + "|randomi[sz]ed|meta-analys[ie]s|stud(y|ies)|biomarkers?|ex vivo|in vitro|mice|rats|animal models?"
            + "|receptors?|underrecogni[sz]ed|sequela)\\b"
            + "|机制|机理|发病率|患病率|流行病学|研究|相关性|关联性|动物实验|受体|病理生理");

    private ResearchCues() {
    }

    /** A research or epidemiology question, or one whose subject the knowledge base does not hold. */
    static boolean research(String question, Frame frame) {
        return frame.unknownSubject().isPresent()
                || RESEARCH.matcher(TextNormalizer.forMatching(question).toLowerCase(java.util.Locale.ROOT)).find()
                || StudyQuestion.asked(TextNormalizer.forMatching(question)); // "do elderly patients call 911…"
    }
}
