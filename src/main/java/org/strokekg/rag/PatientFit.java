package org.strokekg.rag;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.strokekg.graph.Around;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Frame.Patient;

/**
 * Rules of fit between a candidate cause or diagnosis and the patient a question describes, beyond age group and
 * course ({@link Differential#fit}): the causes of stroke in young adults (cervical artery dissection, moyamoya, a
 * patent foramen ovale: what the graph marks as risk factors of 青年卒中, or a fact's note says so) are not put forward
 * for a patient who is not young (stated 45 or older, an older adult, or a case that states no youth), and an infarction
 * is not put forward for a case whose stem names a bleed inside the skull or shows its signs (meningism, blood in the
 * CSF): there, vertigo and vomiting do not make a cerebellar infarction.
 */
final class PatientFit {

    /** Youth in a name or a note: 青年卒中, "stroke in young adults", 「多指18～45岁」. */
    static final Pattern YOUNG = Pattern.compile("青年|年轻|年輕|(?i)\\byoung\\b|18～45|18-45");
    /** Ischaemic conditions by name; a haemorrhagic infarction (出血性脑梗死) is a bleed too and is kept. */
    private static final Pattern ISCHEMIC = Pattern.compile("梗死|梗塞|缺血|栓塞|血栓形成|(?i)infarct|isch(a)?emi|embol");
    /** A name that says the condition is inherited. */
    private static final Pattern HEREDITARY_NAME = Pattern.compile("遗传性|遺傳性|家族性|(?i)\\bhereditary\\b|\\bfamilial\\b");
    /** An English description that defines the condition as inherited (not "inherited or acquired", "some cases"). */
    private static final Pattern HEREDITARY_DEFINITION = Pattern.compile("(?i)^(an?|the)\\s+(inherited|hereditary|autosomal"
            + "|x-linked|genetic|mitochondrial)\\b|\\bcaused by (a )?mutations? in\\b|\\bcaused by (a )?(gene|genetic) (change|mutation)");
    private static final Pattern BLEED_NAME = Pattern.compile("出血|(?i)ha?emorrhag");
    /** Below this stated age a patient is a young adult (the 18–45 of the young-stroke literature). */
    static final int YOUNG_ADULT_MAX = 45;

    private PatientFit() {
    }

    /** Whether the question describes a patient who is not a young adult. */
    static boolean notYoung(Frame frame) {
        Patient p = frame.patient();
        if (p.ageYears().isPresent()) {
            return p.ageYears().get() >= YOUNG_ADULT_MAX;
        }
        if (p.ageGroup() == Frame.AgeGroup.OLDER_ADULT) {
            return true;
        }
        // a case that states no age but describes the patient (a textbook case, a history of other illness)
        return p.ageGroup() == Frame.AgeGroup.UNKNOWN && (frame.setting() == Frame.Setting.VIGNETTE
                || frame.setting() == Frame.Setting.IN_HOSPITAL || !p.history().isEmpty());
    }

    /** Of these facts, those whose other end is a cause of stroke in young adults (the ids of those ends). */
    static Set<String> youngCauses(GraphQueries graph, List<Fact> facts) {
        Set<String> ends = new HashSet<>();
        Set<String> out = new HashSet<>();
        for (Fact f : facts) {
            Entity cause = f.start();
            if (f.relation().evidence().filter(e -> YOUNG.matcher(e).find()).isPresent()) {
                out.add(cause.id());
            }
            ends.add(cause.id());
        }
        if (ends.isEmpty()) {
            return out;
        }
        for (Around a : graph.around(List.copyOf(ends), Set.of("RISK_FACTOR_OF", "CAUSES"), 100)) {
            for (Around.Hop h : a.hops()) {
                Relation r = h.relation();
                if (r.startId().equals(a.center().id()) && YOUNG.matcher(h.other().name()).find()) {
                    out.add(a.center().id());
                }
            }
        }
        return out;
    }

    /** Whether the fact puts forward a cause of a condition (what ends at the focus). */
    static boolean causeFact(Fact f) {
        String t = f.relation().type();
        return t.equals("CAUSES") || t.equals("RISK_FACTOR_OF");
    }

    /**
     * An inherited condition (its name says so, or its English description defines it as inherited or caused by a gene's
     * mutation; not one that is inherited or acquired) put forward
     * for an older adult: the inherited stroke diseases (CADASIL, RVCL, hereditary amyloid angiopathy, Fabry, MELAS)
     * begin in childhood to middle age, so a first presentation after 65 is not what the findings of an old patient's
     * case point to, even where they share two of its symptoms.
     */
    static boolean hereditaryForAnOldPatient(Entity condition, Patient patient) {
        boolean old = patient.ageYears().map(a -> a >= 65).orElse(patient.ageGroup() == Frame.AgeGroup.OLDER_ADULT);
        return old && (HEREDITARY_NAME.matcher(condition.name()).find()
                || HEREDITARY_DEFINITION.matcher(condition.descriptionEn()).find());
    }

    /** An infarction for a case that names or shows a bleed inside the skull: it cannot fit. */
    static boolean ischemicForABleed(Entity condition, Patient patient) {
        return patient.cautions().contains(Frame.Caution.BRAIN_BLEED) && ISCHEMIC.matcher(condition.name()).find()
                && !BLEED_NAME.matcher(condition.name()).find();
    }
}
