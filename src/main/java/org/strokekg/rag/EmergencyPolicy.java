package org.strokekg.rag;

import java.util.Optional;
import java.util.Set;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Setting;
import org.strokekg.text.EmergencyDetector;
import org.strokekg.text.EmergencyNotice;

/**
 * Whether the emergency notice the detector found fits the question as framed. URGENT fits sudden new warning signs
 * happening now outside a hospital: not a case in hospital, a textbook case or a past event, and not a question about
 * tests, treatment or care that names no one (「突然一侧肢体无力应做什么检查」 is a management question). The
 * warning-sign information fits questions about recognising signs (symptoms, what it is, what to do, is it a stroke),
 * never an inpatient or a textbook case; nor a research, mechanism or epidemiology question, or one whose subject the
 * knowledge base does not hold ({@link ResearchCues}), unless it describes someone with signs now.
 */
final class EmergencyPolicy {

    /** Questions about managing a condition, not about recognising it or acting now. */
    private static final Set<Aspect> MANAGEMENT = Set.of(Aspect.TESTS, Aspect.TREATMENT, Aspect.DRUGS, Aspect.PREVENTION,
            Aspect.REHABILITATION, Aspect.CARE, Aspect.DIET, Aspect.DAILY_LIFE, Aspect.PROGNOSIS, Aspect.DEPARTMENT,
            Aspect.COMPARISON, Aspect.RELATION, Aspect.RISK, Aspect.LESION_SITE, Aspect.TCM);
    /** Questions about recognising signs. */
    private static final Set<Aspect> SIGNS = Set.of(Aspect.SYMPTOMS, Aspect.WHAT_TO_DO_NOW, Aspect.DIFFERENTIAL,
            Aspect.DEFINITION, Aspect.OVERVIEW, Aspect.CAUSE);

    private EmergencyPolicy() {
    }

    static Optional<EmergencyNotice> fit(Optional<EmergencyNotice> detected, Frame frame, String question) {
        if (detected.isEmpty()) {
            return detected;
        }
        Setting setting = frame.setting();
        if (setting == Setting.VIGNETTE || setting == Setting.IN_HOSPITAL) {
            return Optional.empty();
        }
        EmergencyNotice n = detected.get();
        if (ResearchCues.research(question, frame) && !(n.level() == EmergencyNotice.Level.URGENT
                && EmergencyDetector.describesPerson(question))) {
            return Optional.empty(); // a research question, or one about something else: nobody's signs to act on
        }
        if (n.level() == EmergencyNotice.Level.URGENT) {
            boolean management = MANAGEMENT.contains(frame.aspect()) && !EmergencyDetector.describesPerson(question);
            return management ? Optional.empty() : detected;
        }
        return SIGNS.contains(frame.aspect()) ? detected : Optional.empty();
    }
}
