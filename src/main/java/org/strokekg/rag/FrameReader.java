package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Direction;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.rag.Frame.Patient;
import org.strokekg.rag.Frame.Setting;
import org.strokekg.search.EntityMention;
import org.strokekg.search.Retrieval;
import org.strokekg.text.TextNormalizer;

/**
 * The frame stage: reads what a question asks before anything is retrieved. It links the entities the question names
 * (through the one {@link Retrieval} seam), finds the part that asks, the aspect cues there ({@link AspectCues}), the
 * setting and the patient ({@link SituationCues}), and chooses the focus ({@link FocusChoice}): of the entities named,
 * the one the question is about (the one the aspect is asked of, in the asking part, not a setting such as 中风 in
 * 「中风后肩痛怎么办」, not a past illness, not something denied, not an answer option).
 */
public final class FrameReader {

    /** The question read: its frame, every entity it names, its parts, and the text a passage search should use. */
    public record Reading(String question, Frame frame, List<EntityMention> mentions, QuestionShape shape) {
        public Reading {
            mentions = List.copyOf(mentions);
        }

        /**
         * The text a passage search uses: a case's sub-question with the case's focus, else the question as asked
         * (an exam item's options included).
         */
        String searchText() {
            return shape.subQuestion().map(s -> s + " " + frame.focus().map(Focus::name).orElse("")
                    + " " + String.join(" ", frame.candidates().stream().map(Focus::name).toList()))
                    .orElse(question);
        }
    }

    /**
     * Names too general to be what a question is about (药物, 治疗, 手术, 大脑): the crawl makes entities of them, and
     * an answer about "drugs" in general answers nothing.
     */
    static final Set<String> GENERIC = Set.of("药物", "药物治疗", "治疗", "手术", "手术治疗", "检查", "运动", "休息",
            "护理", "康复", "饮食", "支持治疗", "支持性治疗", "对症治疗", "对症支持治疗", "病因治疗", "中医治疗", "西医治疗",
            "大脑", "脑", "血压", "血糖", "结节", "葡萄", "茶叶", "疼痛", "感染", "炎症", "肿瘤", "发育", "功能", "营养",
            "中药", "西药", "手术后", "综合治疗", "一般治疗", "内科治疗", "外科治疗", "物理治疗", "介入治疗", "放疗", "化疗",
            "血液", "心脏", "肝", "肾", "肺", "胃", "头", "手", "脚", "腿", "眼", "耳", "鼻", "口", "皮肤", "神经",
            "男性", "女性", "高龄", "观察", "涂片");
    /** Aspects about a condition itself: not answered for a condition that is only the setting of the question. */
    private static final Set<Aspect> SETTING_ONLY = Set.of(Aspect.TREATMENT, Aspect.DRUGS, Aspect.SYMPTOMS, Aspect.TESTS,
            Aspect.CAUSE, Aspect.DIFFERENTIAL, Aspect.WHAT_TO_DO_NOW, Aspect.OVERVIEW);
    private static final Pattern EATS = Pattern.compile("吃|喝");
    private static final Pattern YES_NO = Pattern.compile("吗|么|能否|可否|是否|[？?]\\s*$");
    private final Retrieval retrieval;
    /** Whether a drug (by id) has a test that monitors it in the graph ({@link MonitoringAsked}). */
    private final Predicate<String> monitored;

    public FrameReader(Retrieval retrieval) {
        this(retrieval, id -> false);
    }

    public FrameReader(Retrieval retrieval, Predicate<String> monitored) {
        this.retrieval = retrieval;
        this.monitored = monitored;
    }

    public Reading read(String question) {
        String text = question.strip();
        return reading(text, retrieval.link(text));
    }

    /** The frame from a stripped question and its mentions as the answer service linked them (trust in view). */
    Reading reading(String text, List<EntityMention> linked) {
        List<EntityMention> mentions = HubQuestion.withStrokeTypes(text, linked, retrieval::link); // 出血性与缺血性
        Reading r = read(text, mentions);
        if (r.frame().aspect() == Aspect.DIFFERENTIAL) {
            // which condition a case is: its findings as exam stems write them (「颈部抵抗」「克氏征阳性」「突然头疼」) are
            // read as the graph's symptoms; other questions keep their linking (a treatment asked of a case is chosen
            // by the findings its own links name)
            QuestionShape shape = QuestionShape.of(text);
            List<EntityMention> withFindings = new ArrayList<>(mentions);
            withFindings.addAll(FindingCues.find(text, shape.stemStart(), shape.stemEnd(), mentions, retrieval::link));
            withFindings.sort(Comparator.comparingInt(EntityMention::start));
            r = read(text, withFindings);
        }
        // 「房颤吃华法林要查什么指标」: the monitored drug is asked about, not the condition it is taken for
        r = new Reading(r.question(), MonitoringAsked.refine(r.frame(), text, r.shape(), r.mentions(), monitored),
                r.mentions(), r.shape());
        r = new Reading(r.question(), TellApart.refine(r.frame(), text, r.mentions()), r.mentions(), r.shape());
        // a term the question's linking missed may still be a name the graph holds when read alone
        // ("Antiphospholipid Antibody Syndrome" for 抗磷脂综合征): then it is not missing
        Optional<String> gap = r.frame().unknownSubject();
        if (gap.isPresent() && SubjectGap.known(gap.get(), retrieval::link)) {
            return new Reading(r.question(), r.frame().withUnknownSubject(Optional.empty()), r.mentions(), r.shape());
        }
        return r;
    }

    /** The frame from a question and the mentions already linked in it (tests give both). */
    static Reading read(String text, List<EntityMention> allMentions) {
        boolean english = Retrieval.isEnglish(text);
        QuestionShape shape = QuestionShape.of(text);
        String folded = TextNormalizer.forMatching(text.substring(shape.stemStart(), shape.stemEnd()));
        Setting setting = SituationCues.setting(folded, shape.hasOptions());
        Patient patient = SituationCues.patient(TextNormalizer.forMatching(blank(text, allMentions, shape)));
        patient = withStatedCautions(patient, folded);

        List<EntityMention> rawMentions = allMentions;
        allMentions = allMentions.stream().filter(m -> !GENERIC.contains(m.name())).toList();
        List<EntityMention> inStem = shape.occurrences(allMentions.stream()
                .filter(m -> shape.inStem(m.start()) && !GENERIC.contains(m.name())).toList());
        List<Focus> candidates = FocusChoice.distinct(allMentions.stream()
                .filter(m -> shape.inOptions(m.start()) && !GENERIC.contains(m.name())).toList());

        List<AspectCues.Found> cues = new ArrayList<>();
        for (int[] ask : shape.asks()) {
            cues.addAll(AskedAspects.cues(text, ask[0], ask[1], allMentions));
        }
        // a short question without a recognisable asking clause is read whole; a long message's narrative is not
        if (cues.isEmpty() && shape.stemEnd() - shape.stemStart() <= 40) {
            cues = AskedAspects.cues(text, shape.stemStart(), shape.stemEnd(), allMentions);
        }
        List<Aspect> aspects = new ArrayList<>();
        Direction direction = Direction.NONE;
        Optional<String> topic = Optional.empty();
        cues = AskedAspects.withoutGenericCare(cues, text);
        cues = AskedAspects.withoutTestPurpose(AskedAspects.withoutTrailingWhatIs(cues));
        AspectCues.Found primary = AskedAspects.primary(cues, text);
        if (primary != null) {
            aspects.add(primary.aspect());
            direction = primary.cue().direction();
            topic = primary.cue().topic();
        }
        for (AspectCues.Found f : cues) {
            if (!aspects.contains(f.aspect()) && !AskedAspects.weak(f, text) && aspects.size() < 3) {
                aspects.add(f.aspect());
            }
        }

        // the entities that may be the focus, ranked by how much the question is about them
        FocusChoice choice = new FocusChoice(text, shape, inStem, primary);
        FocusChoice.Ranked ranked = choice.rank(setting, aspects, topic);
        List<String> history = ranked.history();
        List<Focus> order = ranked.order();

        if (aspects.isEmpty() && !order.isEmpty() && FocusChoice.INTERVENTIONS.contains(order.getFirst().type())
                && YES_NO.matcher(shape.asking()).find()) {
            aspects.add(Aspect.TREATMENT); // 「超过了溶栓时间还能取栓吗」: whether a treatment can be used
        }
        Aspect aspect = aspects.isEmpty() ? (order.isEmpty() ? Aspect.OVERVIEW
                : setting == Setting.VIGNETTE && !candidates.isEmpty()
                        && FocusChoice.CONDITIONS.contains(order.getFirst().type())
                        && candidates.stream().anyMatch(c -> FocusChoice.CONDITIONS.contains(c.type()))
                        ? Aspect.DIFFERENTIAL : Aspect.OVERVIEW)
                : aspects.getFirst();
        Optional<Focus> focus = order.stream().findFirst();
        // a case told in TCM terms asks its TCM pattern (ExamCues), not which Western condition it is
        boolean western = ExamCues.refine(aspect, aspects, folded) == Aspect.DIFFERENTIAL;
        boolean diagnosis = western && topic.filter(AspectCues.DIAGNOSIS_TOPIC::equals).isPresent();
        if (western && !diagnosis && setting == Setting.VIGNETTE && candidates.isEmpty()
                && order.stream().findFirst().map(f -> history.contains(f.id()) || !f.type().equals("Disease"))
                .orElse(true)) {
            // 「…最可能的原因是」 of a case whose only condition is its history, or one of its findings: which
            // condition the findings fit is asked, not the differential of the hypertension it has had for years
            diagnosis = true;
            topic = Optional.of(AspectCues.DIAGNOSIS_TOPIC);
        }
        if (aspect == Aspect.DIFFERENTIAL && setting == Setting.VIGNETTE && !candidates.isEmpty()) {
            // which diagnosis fits a case: the case is what is asked about, not one of its findings nor its history
            focus = ranked.statedDisease();
        } else if (diagnosis) {
            // 「…最可能的诊断是」 without options: the case is asked about; its findings are what the diagnosis explains,
            // and a condition of its history (「有高血压病史」"he has hypertension") is background, not the answer
            focus = Optional.empty();
        }
        // the other end a comparison, a relation or a named drug, treatment or food is asked of
        FocusChoice.Ends ends = choice.withOthers(focus, aspect, direction, aspects, order);
        focus = ends.focus();
        List<Focus> others = ends.others();
        aspect = ends.aspect();
        direction = ends.direction();
        if (aspect == Aspect.WHAT_TO_DO_NOW && setting != Setting.ACUTE_NOW && setting != Setting.GENERAL) {
            aspect = Aspect.TREATMENT; // 「中风后肩膀疼痛应该怎么处理」: a lasting problem is treated, not met with first aid
        }
        if (aspect == Aspect.TREATMENT && setting == Setting.ACUTE_NOW && asksWhatToDo(folded)) {
            aspect = Aspect.WHAT_TO_DO_NOW;
        }
        if (aspect == Aspect.DIET && others.stream().anyMatch(f -> f.type().equals("Drug"))) {
            aspect = Aspect.DRUGS;
        }
        if (aspect == Aspect.DRUGS && primary != null && EATS.matcher(text.substring(primary.start(), primary.end())).find()
                && !text.substring(primary.start(), primary.end()).contains("药")
                && allMentions.stream().noneMatch(m -> m.type().equals("Drug") || m.type().equals("Treatment"))) {
            aspect = Aspect.DIET; // 「中风病人可以吃鸡蛋吗」: a food, not a drug
        }
        if (aspect == Aspect.CARE && focus.isPresent() && FocusChoice.INTERVENTIONS.contains(focus.get().type())) {
            aspect = Aspect.DRUGS; // 「吃华法林要注意什么」: a drug's precautions
        }
        if (focus.isPresent() && others.isEmpty() && history.contains(focus.get().id()) && SETTING_ONLY.contains(aspect)
                && ranked.entities() == 1) {
            // 「中风后喝水老呛怎么办」: what is asked about is not in the graph; the stroke it follows is only its
            // setting, and that stroke's treatments would answer another question
            focus = Optional.empty();
        }
        if (aspect == Aspect.CAUSE && direction == Direction.TO_FOCUS && focus.isPresent()
                && history.contains(focus.get().id())) {
            // 「中风后…为什么」: the condition the question starts from explains what it asks about
            direction = Direction.FROM_FOCUS;
        }
        Aspect lasting = SituationCues.forSetting(aspect, setting, focus, others); // a stroke long past: lasting care
        if (lasting != aspect) {
            aspects.remove(aspect); // its acute treatment is not asked beside it either
            aspect = lasting;
        }
        if (aspect == Aspect.DRUGS && aspects.contains(Aspect.PREVENTION)) {
            aspect = Aspect.PREVENTION; // 「吃什么药预防复发」: the drugs that prevent, not every drug of the condition
        }
        aspect = ExamCues.refine(aspect, aspects, folded);
        topic = ExamCues.topic(aspect, topic);
        // another condition named in so many words beside the hub (「偏瘫型偏头痛算不算中风」) is what such a question asks
        // about; a test or a body part named by an alias ("fundus") is not
        boolean otherNamed = inStem.stream().anyMatch(m -> m.how() != EntityMention.How.FUZZY
                && FocusChoice.CONDITIONS.contains(m.type()) && !m.type().equals("Symptom")
                && !HubQuestion.hubName(m.name()));
        if (HubQuestion.unasked(text.substring(shape.stemStart(), shape.stemEnd()), focus, aspect, aspects.isEmpty(),
                setting, inStem.stream().map(EntityMention::surface).toList(), otherNamed)) {
            aspect = Aspect.OVERVIEW; // only the hub named, something else asked: "nothing on it", not its overview
            topic = Optional.of(HubQuestion.UNASKED);
        }
        Aspect main = aspect;
        // the drugs that prevent are the prevention asked: not said again as "no drug information"
        List<Aspect> more = ExamCues.more(main, aspects.stream()
                .filter(a -> a != main && !(main == Aspect.PREVENTION && a == Aspect.DRUGS)).toList());
        String lang = english ? "en" : "zh";
        Set<String> focusIds = new LinkedHashSet<>();
        focus.ifPresent(f -> focusIds.add(f.id()));
        others.forEach(f -> focusIds.add(f.id()));
        Patient p = patient.withHistory(history.stream().filter(h -> !focusIds.contains(h)).distinct().toList());
        Frame frame = new Frame(lang, focus, others, candidates.stream().filter(c -> !focusIds.contains(c.id())).toList(),
                main, main == Aspect.CAUSE || main == Aspect.RELATION || main == Aspect.RISK
                        ? (direction == Direction.NONE ? Direction.TO_FOCUS : direction) : Direction.NONE,
                topic,
                more, setting, shape.subQuestion(), p);
        frame = frame.withUnknownSubject(SubjectGap.find(text, shape, rawMentions, english));
        if (diagnosis) {
            frame = frame.withFindings(FindingCues.stated(text, inStem, candidates));
        }
        frame = FoodAsked.refine(frame, text, allMentions); // 「高血压能吃柿子吗」: the diet asked, no drug or definition
        return new Reading(text, frame, allMentions, shape);
    }

    /** 「突然说话不清怎么办」 asks what to do now; 「手臂僵硬怎么治疗」 does not. */
    private static boolean asksWhatToDo(String folded) {
        return folded.contains("怎么办") || folded.contains("咋办") || folded.contains("what should");
    }

    /** The stem with entity names blanked, so a name is not read as words about the patient. */
    private static String blank(String text, List<EntityMention> mentions, QuestionShape shape) {
        char[] chars = text.substring(0, shape.stemEnd()).toCharArray();
        for (EntityMention m : mentions) {
            for (int i = m.start(); i < Math.min(m.end(), chars.length); i++) {
                chars[i] = ' ';
            }
        }
        return new String(chars, shape.stemStart(), shape.stemEnd() - shape.stemStart());
    }

    /** Cautions are read on the whole stem (a named bleed counts), ages on the blanked one. */
    private static Patient withStatedCautions(Patient patient, String foldedStem) {
        Patient whole = SituationCues.patient(foldedStem);
        List<Frame.Caution> cautions = new ArrayList<>(patient.cautions());
        whole.cautions().stream().filter(c -> !cautions.contains(c)).forEach(cautions::add);
        return new Patient(patient.ageGroup(), patient.ageYears(), patient.pregnant() || whole.pregnant(), cautions,
                patient.history(), whole.course(), whole.onset());
    }
}
