package org.strokekg.rag;

import java.util.regex.Pattern;
import org.strokekg.search.PassageDoc;
import org.strokekg.text.TextNormalizer;

/**
 * Whether a passage written for one group of patients may be quoted for the question's patient. A passage whose title
 * names pregnancy, children or young adults is about that group: its advice (an aspirin from the 12th week, the causes
 * of stroke in children) read in an answer about a 76-year-old on warfarin, or a cancer patient, says something false
 * of the asker. It is quoted only when the question is about that group (the patient described belongs to it, or the
 * question names it); a question that names no patient is taken to be about adults, except for the young-adult
 * passages, which are withheld only from a patient known not to be young.
 */
final class PassagePopulation {

    private static final Pattern PREGNANCY = Pattern.compile("怀孕|妊娠|孕|产后|产褥|分娩|子痫|(?i)pregnan|eclampsia|postpartum"
            + "|puerper");

    private PassagePopulation() {
    }

    /** Whether the passage is for everyone or for a group the question is about. */
    static boolean fits(PassageDoc doc, Frame frame, String question) {
        String title = TextNormalizer.forMatching(doc.title());
        String asked = TextNormalizer.forMatching(question);
        if (PREGNANCY.matcher(title).find() && !frame.patient().pregnant()
                && !frame.topic().filter("pregnancy"::equals).isPresent() && !PREGNANCY.matcher(asked).find()) {
            return false;
        }
        if (PassageQuotes.CHILD_WORDS.matcher(title).find() && !frame.patient().young()
                && !PassageQuotes.CHILD_WORDS.matcher(asked).find()) {
            return false;
        }
        return !(PatientFit.YOUNG.matcher(title).find() && PatientFit.notYoung(frame)
                && !PatientFit.YOUNG.matcher(asked).find());
    }
}
