package org.strokekg.rag;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a question asks, read before anything is retrieved: the entity it is about ({@code focus}), what it asks
 * about that entity ({@code aspect}, with the direction of a cause), the situation ({@code setting}) and who the
 * patient is ({@code patient}). Evidence is selected for the frame and the answer is composed for it; it is returned
 * with every answer so clients and tests can see how the question was read.
 *
 * @param language      {@code zh} or {@code en}: the language the answer is written in
 * @param focus         the entity the question is about; empty when it names none the graph knows
 * @param others        for a comparison or a relation question, the second entity (脑梗死 in 「脑梗死和高血压有什么关系」)
 * @param candidates    entities named as answer options or alternatives (an exam item's A–E): evidence that links the
 *                      focus to one of them is preferred
 * @param aspect        the main aspect asked
 * @param direction     for causes and relations: whether the focus is the effect (what causes X) or the cause (what
 *                      X causes); {@code NONE} otherwise
 * @param topic         for daily life, the activity asked about (work, driving, sex, travel, exercise, bathing…)
 * @param moreAspects   further aspects the same question asks (「脑出血的症状原因」 asks symptoms and causes)
 * @param setting       where and when: acute now, in hospital, a past event or lasting condition, a textbook vignette
 * @param subQuestion   of a vignette, the sub-question actually asked (「3．最适宜采取的治疗措施为」)
 * @param patient       the patient the question describes
 * @param unknownSubject what the question asks about, as written, when the graph holds no entity for it and the
 *                      entities it links are only its context (苯乙肼 in 「与苯乙肼同用会出现高血压危象和脑出血的是」):
 *                      the answer says the knowledge base has nothing on it ({@link SubjectGap})
 * @param findings      of a case asked for its diagnosis, the findings it states (symptoms and signs, as the case
 *                      writes them; not those denied, not past illness, not the options): what the diagnosis must
 *                      explain ({@link Differential}); empty for every other question
 */
public record Frame(String language, Optional<Focus> focus, List<Focus> others, List<Focus> candidates, Aspect aspect,
                    Direction direction, Optional<String> topic, List<Aspect> moreAspects, Setting setting,
                    Optional<String> subQuestion, Patient patient, Optional<String> unknownSubject,
                    List<Focus> findings) {

    /** A frame with no findings of a diagnosis asked. */
    public Frame(String language, Optional<Focus> focus, List<Focus> others, List<Focus> candidates, Aspect aspect,
                 Direction direction, Optional<String> topic, List<Aspect> moreAspects, Setting setting,
                 Optional<String> subQuestion, Patient patient, Optional<String> unknownSubject) {
        this(language, focus, others, candidates, aspect, direction, topic, moreAspects, setting, subQuestion, patient,
                unknownSubject, List.of());
    }

    /** A frame whose subject, if any, the graph holds. */
    public Frame(String language, Optional<Focus> focus, List<Focus> others, List<Focus> candidates, Aspect aspect,
                 Direction direction, Optional<String> topic, List<Aspect> moreAspects, Setting setting,
                 Optional<String> subQuestion, Patient patient) {
        this(language, focus, others, candidates, aspect, direction, topic, moreAspects, setting, subQuestion, patient,
                Optional.empty());
    }

    public Frame {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(focus, "focus");
        others = List.copyOf(others);
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(aspect, "aspect");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(topic, "topic");
        moreAspects = List.copyOf(moreAspects);
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(subQuestion, "subQuestion");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(unknownSubject, "unknownSubject");
        findings = List.copyOf(findings);
    }

    /** The same frame about another focus ({@link TellApart}). */
    Frame withFocus(Focus about) {
        return new Frame(language, Optional.of(about), others, candidates, aspect, direction, topic, moreAspects,
                setting, subQuestion, patient, unknownSubject, findings);
    }

    /** The same frame with the term it asks about that the graph does not hold. */
    Frame withUnknownSubject(Optional<String> term) {
        return new Frame(language, focus, others, candidates, aspect, direction, topic, moreAspects, setting,
                subQuestion, patient, term, findings);
    }

    /** The same frame with the findings of a case asked for its diagnosis. */
    Frame withFindings(List<Focus> stated) {
        return new Frame(language, focus, others, candidates, aspect, direction, topic, moreAspects, setting,
                subQuestion, patient, unknownSubject, stated);
    }

    /** The same frame asking {@code asked} instead, with its direction, its topic and the further aspects {@code more}. */
    Frame withAspect(Aspect asked, Direction towards, Optional<String> about, List<Aspect> more) {
        return new Frame(language, focus, others, candidates, asked, towards, about, more, setting, subQuestion, patient,
                unknownSubject, findings);
    }

    /**
     * The same frame asking the diet with the food or drink asked as its topic ({@link FoodAsked}) and the further
     * aspects {@code more}; a diet has no direction.
     */
    Frame withDiet(String food, List<Aspect> more) {
        return withAspect(Aspect.DIET, Direction.NONE, Optional.of(food), more);
    }

    /**
     * The same frame asking which test monitors {@code drug} ({@link MonitoringAsked}): the drug is the focus, no second
     * entity, and the tests are the aspect; the case's setting, patient, options and unknown subject stay.
     */
    Frame withMonitoredDrug(Focus drug) {
        return new Frame(language, Optional.of(drug), List.of(), candidates.stream().filter(c -> !c.id().equals(drug.id()))
                .toList(), Aspect.TESTS, Direction.NONE, Optional.empty(), List.of(), setting, subQuestion, patient,
                unknownSubject, List.of());
    }

    /**
     * The same main aspect asked of the {@code asked} candidates alone: no focus, second entity, further aspect,
     * unknown subject or findings (a condition asked about becomes one candidate of a differential).
     */
    Frame withOnlyCandidates(List<Focus> asked) {
        return new Frame(language, Optional.empty(), List.of(), asked, aspect, direction, topic, List.of(), setting,
                subQuestion, patient, Optional.empty(), List.of());
    }

    /** The same frame with every entity it names (focus, others, candidates, findings) passed through {@code each}. */
    Frame withEntities(UnaryOperator<Focus> each) {
        return new Frame(language, focus.map(each), others.stream().map(each).toList(),
                candidates.stream().map(each).toList(), aspect, direction, topic, moreAspects, setting, subQuestion,
                patient, unknownSubject, findings.stream().map(each).toList());
    }

    /**
     * Whether the question asks which condition a case is (「最可能的诊断是」「应首先考虑的是」"the most likely
     * diagnosis"), rather than how a named condition is told from others.
     */
    public boolean asksDiagnosis() {
        return aspect == Aspect.DIFFERENTIAL && topic.filter(AspectCues.DIAGNOSIS_TOPIC::equals).isPresent();
    }

    /** A question not read (an answer made elsewhere, a test's fixture): nothing known of it. */
    public static Frame unread(String language) {
        return new Frame(language, Optional.empty(), List.of(), List.of(), Aspect.OVERVIEW, Direction.NONE,
                Optional.empty(), List.of(), Setting.GENERAL, Optional.empty(), Patient.unknown());
    }

    public boolean english() {
        return language.equals("en");
    }

    /** The main aspect and the others asked, in order. */
    public List<Aspect> aspects() {
        List<Aspect> all = new java.util.ArrayList<>();
        all.add(aspect);
        moreAspects.stream().filter(a -> !all.contains(a)).forEach(all::add);
        return all;
    }

    /** An entity of the graph as the question names it. */
    public record Focus(String id, String type, String name, String mention) {
        public Focus {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mention, "mention");
        }
    }

    /** What is asked about the focus. */
    public enum Aspect {
        /** What X is; its types. */
        DEFINITION,
        /** Causes (direction TO_FOCUS) or consequences and complications (FROM_FOCUS). */
        CAUSE,
        /** Risk factors of X. */
        RISK,
        /** Symptoms and signs of X; its warning signs. */
        SYMPTOMS,
        /** Examinations, tests and scales for X. */
        TESTS,
        /** What else it could be. */
        DIFFERENTIAL,
        /** How X is treated. */
        TREATMENT,
        /** Which drugs; a drug's use. */
        DRUGS,
        /** How X is prevented, recurrence included. */
        PREVENTION,
        /** Outlook, recovery, how serious, how long. */
        PROGNOSIS,
        /** Rehabilitation and training. */
        REHABILITATION,
        /** Nursing and care at home. */
        CARE,
        /** What to eat or avoid. */
        DIET,
        /** Work, driving, sex, travel, exercise, bathing: see {@link Frame#topic}. */
        DAILY_LIFE,
        /** What to do now: first steps. */
        WHAT_TO_DO_NOW,
        /** X compared with Y. */
        COMPARISON,
        /** How X and Y are related (does X cause Y). */
        RELATION,
        /** Which department to see. */
        DEPARTMENT,
        /**
         * Where the lesion is: the site a syndrome or a case's findings point to, or the artery occluded (「病变部位在」
         * 「定位诊断」「哪支动脉闭塞」, "where is the lesion"). Answered by the localisation knowledge, not by what the
         * findings are.
         */
        LESION_SITE,
        /**
         * Traditional Chinese medicine: the syndrome pattern (证型), the treatment principle (治法), the formula (方剂,
         * 代表方) or a TCM drug, 中经络 or 中脏腑, 闭证 or 脱证. Answered by the TCM knowledge only, never by Western
         * treatment facts.
         */
        TCM,
        /** Nothing recognisable asked: a short overview. */
        OVERVIEW
    }

    /** Whether the focus is the effect or the cause of what is asked. */
    public enum Direction {
        /** What causes the focus, what is a risk for it. */
        TO_FOCUS,
        /** What the focus causes or leads to. */
        FROM_FOCUS,
        NONE
    }

    /** Where and when the question is set. */
    public enum Setting {
        /** Warning signs or an event happening now, outside a hospital. */
        ACUTE_NOW,
        /** The patient is in hospital (admitted, on a ward, after an operation there). */
        IN_HOSPITAL,
        /** A past event or a lasting condition (偏瘫三年, a bleed years ago). */
        HISTORY,
        /** A textbook or exam case (年龄、查体、最可能的诊断). */
        VIGNETTE,
        /** No situation stated: a general question. */
        GENERAL
    }

    /** Who the question is about, as far as it says. */
    public record Patient(AgeGroup ageGroup, Optional<Integer> ageYears, boolean pregnant, List<Caution> cautions,
                          List<String> history, Course course, Onset onset) {
        public Patient {
            Objects.requireNonNull(ageGroup, "ageGroup");
            Objects.requireNonNull(ageYears, "ageYears");
            cautions = List.copyOf(cautions);
            history = List.copyOf(history);
            Objects.requireNonNull(course, "course");
            Objects.requireNonNull(onset, "onset");
        }

        /** A patient whose symptoms' course and onset are not stated. */
        public Patient(AgeGroup ageGroup, Optional<Integer> ageYears, boolean pregnant, List<Caution> cautions,
                       List<String> history) {
            this(ageGroup, ageYears, pregnant, cautions, history, Course.UNSTATED, Onset.UNSTATED);
        }

        public static Patient unknown() {
            return new Patient(AgeGroup.UNKNOWN, Optional.empty(), false, List.of(), List.of());
        }

        /** The same patient with another history. */
        public Patient withHistory(List<String> history) {
            return new Patient(ageGroup, ageYears, pregnant, cautions, history, course, onset);
        }

        public boolean young() {
            return ageGroup == AgeGroup.INFANT || ageGroup == AgeGroup.CHILD;
        }
    }

    /** Age groups that change what applies: doses, targets and stroke causes differ in children. */
    public enum AgeGroup {
        INFANT, CHILD, ADULT, OLDER_ADULT, UNKNOWN
    }

    /**
     * How the symptoms went, as stated: gone again (「十分钟后又好了」, what a transient attack looks like) or still
     * there (「肢体无力3小时」「仍不能说话」), which a transient attack does not explain; or come on over weeks to
     * years with no sudden onset stated (「2个月来眼睑下垂，傍晚加重」"gradually worsening memory over two years"), which
     * no acute cerebrovascular event explains ({@link Differential#fit}).
     */
    public enum Course {
        UNSTATED, RESOLVED, PERSISTING, GRADUAL
    }

    /** When the symptoms began, as stated: at rest or on waking (「晨起发现」), or during exertion or agitation. */
    public enum Onset {
        UNSTATED, AT_REST, ON_EXERTION
    }

    /** What the question states that makes some treatments unsafe. */
    public enum Caution {
        /** Active or recent bleeding, a bleeding tendency. */
        BLEEDING,
        /** A low platelet count. */
        LOW_PLATELETS,
        /** Already on an anticoagulant. */
        ANTICOAGULATED,
        /** A stated drug allergy. */
        ALLERGY,
        /** Kidney failure or impaired kidney function. */
        KIDNEY,
        /** Liver failure or impaired liver function. */
        LIVER,
        /** Breastfeeding. */
        BREASTFEEDING,
        /**
         * A bleed inside the skull, named (脑出血, a haematoma) or shown by its signs (meningism, blood in the CSF):
         * an infarction is then no candidate diagnosis ({@link PatientFit}).
         */
        BRAIN_BLEED,
        /**
         * A head injury (「跌倒后枕部着地」"struck his head"): what follows it is traumatic, and no spontaneous stroke
         * is put forward as its diagnosis ({@link Differential#fit}).
         */
        HEAD_INJURY,
        /**
         * A disease of the heart valves (rheumatic mitral stenosis, a mechanical or prosthetic valve): a preference for
         * the new oral anticoagulants over warfarin, made for non-valvular atrial fibrillation, does not hold
         * ({@link Cautions}).
         */
        VALVULAR
    }
}
