package org.strokekg.rag;

import java.util.regex.Pattern;
import org.strokekg.search.PassageDoc;
import org.strokekg.text.TextNormalizer;

/**
 * Whether a passage written for one group of patients may be quoted for the question's patient. A passage for
 * pregnancy, children or young adults is about that group: its advice (an aspirin from the 12th week, the causes of
 * stroke in children) read in an answer about a 76-year-old on warfarin, or a cancer patient, says something false of
 * the asker. It is quoted only when the question is about that group (the patient described belongs to it, or the
 * question names it); a question that names no patient is taken to be about adults, except for the young-adult
 * passages, which are withheld only from a patient known not to be young.
 *
 * <p>The group is the passage's {@code population} where the curator gave one (the curated passages); a passage
 * without it (a crawled one, one loaded before passages had the field) is read for its group from its title.
 */
final class PassagePopulation {

    private static final Pattern PREGNANCY = Pattern.compile("怀孕|妊娠|孕|产后|产褥|分娩|子痫|(?i)pregnan|eclampsia|postpartum"
            + "|puerper");

    private PassagePopulation() {
    }

    /** Whether the passage is for everyone or for a group the question is about. */
    static boolean fits(PassageDoc doc, Frame frame, String question) {
        String asked = TextNormalizer.forMatching(question);
        if (!doc.population().isEmpty()) {
            return switch (doc.population()) {
                case "pregnancy" -> forPregnancy(frame, asked);
                case "child" -> forChildren(frame, asked);
                case "young-adult" -> forYoungAdults(frame, asked);
                default -> true; // the loader accepts no other group
            };
        }
        String title = TextNormalizer.forMatching(doc.title());
        return (!PREGNANCY.matcher(title).find() || forPregnancy(frame, asked))
                && (!PassageQuotes.CHILD_WORDS.matcher(title).find() || forChildren(frame, asked))
                && (!PatientFit.YOUNG.matcher(title).find() || forYoungAdults(frame, asked));
    }

    private static boolean forPregnancy(Frame frame, String asked) {
        return frame.patient().pregnant() || frame.topic().filter("pregnancy"::equals).isPresent()
                || PREGNANCY.matcher(asked).find();
    }

    private static boolean forChildren(Frame frame, String asked) {
        return frame.patient().young() || PassageQuotes.CHILD_WORDS.matcher(asked).find();
    }

    private static boolean forYoungAdults(Frame frame, String asked) {
        return !PatientFit.notYoung(frame) || PatientFit.YOUNG.matcher(asked).find();
    }
}
