package org.strokekg.rag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.rag.Evidence.Role;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.text.TextNormalizer;

/**
 * Facts of the asked aspect that a clinician would leave out once the point asked is answered, found in the round-9
 * clinical review (docs/eval/failure-classes-s6.md): each rule drops only where a fact that answers the point is left,
 * so an answer is never emptied by it.
 * <ul>
 *   <li>a severity scale for "how is it diagnosed / told apart" (「鉴别…最有诊断意义的检查」 answered with the
 *       格拉斯哥昏迷量表 and the ICH评分): grading answers how bad it is, not what it is;</li>
 *   <li>a classification between conditions (「脑出血属于出血性脑卒中」) for any aspect but what it is or how two
 *       differ;</li>
 *   <li>for a time window or a duration asked (「溶栓的时间窗」), the contraindications of the treatment;</li>
 *   <li>for the physical signs asked (「体征」), the complaints (头痛、呕吐) where a sign found on examination
 *       (脑膜刺激征) is known;</li>
 *   <li>for "the main / most important / first choice" asked, the items the knowledge base does not rank, where it
 *       ranks one (「动脉粥样硬化（最常见的病因）」 for 「主要病因」, not the rare causes after it);</li>
 * </ul>
 * It also tells which notes restrict a relation (「中重度卒中预期获益大于子宫出血风险时可考虑」): an English sentence,
 * which cannot carry the Chinese note, says that the relation holds for selected patients only ({@link FactSentences}).
 */
final class BesideThePoint {

    /** Asks how a condition is diagnosed or told from another. */
    private static final Pattern DIAGNOSIS_ASKED = Pattern.compile(
            "诊断|鉴别|区分|区别|确诊|\\bdiagnos|\\bdistinguish|\\bdifferentiat|\\btell (it|them)? ?apart");
    /** Asks how severe it is or how it is graded: then the scales are the answer. */
    private static final Pattern SEVERITY_ASKED = Pattern.compile(
            "评估|评分|分级|量表|严重|程度|预后|\\bassess|\\bscale|\\bscore|\\bgrad(e|ing)\\b|\\bseverity|\\bprognos");
    /**
     * A strict "which one": the most important, the first choice, the main cause (not 「主要表现」, which asks the
     * list of signs).
     */
    private static final Pattern ONE_ASKED = Pattern.compile(
            "最(重要|主要|关键|有效|常见|常用|多见|佳|理想|适宜)|主要(病因|原因)|首选|最有(诊断)?(意义|价值|帮助)"
                    + "|\\bfirst-line\\b|\\bmost (important|common|effective|appropriate|useful|valuable)\\b|\\bmain cause");
    /** A note that restricts its relation to some patients or makes it a conditional recommendation. */
    private static final Pattern RESTRICTING_NOTE = Pattern.compile(
            "仅|只(用|适用|在)|可考虑|慎用|不推荐|获益大于|风险大于|符合.{0,6}条件|须由|需由|经.{0,6}评估后");
    private static final Set<String> CONDITIONS = Set.of("Disease", "Complication");
    private static final Set<Aspect> KINDS_ASKED = Set.of(Aspect.DEFINITION, Aspect.OVERVIEW, Aspect.COMPARISON);

    private BesideThePoint() {
    }

    /**
     * For "the main / most important one" asked, the folded names of the items the knowledge base ranks among the
     * facts of the asked aspect (empty when it ranks none, or the question does not ask for one).
     */
    static Set<String> rankedAsked(Frame frame, List<Fact> facts, String question) {
        if (!ONE_ASKED.matcher(TextNormalizer.forMatching(question)).find()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        facts.stream().filter(f -> f.role() == Role.ANSWER && f.aspect() == frame.aspect() && UnitBudget.ranked(f))
                .forEach(f -> {
                    // the item is the end the focus is not: 高血压 of 「高血压是脑出血的危险因素（最常见的病因）」
                    Entity item = frame.focus().filter(x -> x.id().equals(f.end().id())).isPresent()
                            ? f.start() : f.end();
                    PassageQuotes.keys(item).forEach(out::add);
                });
        return out;
    }

    /** The facts left once those beside the point asked are dropped (cautions are never dropped). */
    static List<Fact> apply(Frame frame, List<Fact> facts, String question) {
        String q = TextNormalizer.forMatching(question);
        Aspect asked = frame.aspect();
        List<Fact> out = facts;
        if ((asked == Aspect.TESTS || asked == Aspect.DIFFERENTIAL) && DIAGNOSIS_ASKED.matcher(q).find()
                && !SEVERITY_ASKED.matcher(q).find()) {
            out = dropIfAnswered(out, asked, f -> f.relation().type().equals("ASSESSED_BY"));
        }
        if (!KINDS_ASKED.contains(asked)) {
            out = dropIfAnswered(out, asked, f -> !KINDS_ASKED.contains(f.aspect()) && classification(f));
        }
        if (TIME_ASKED.matcher(q).find() && !CONTRAINDICATION_ASKED.matcher(q).find()) {
            // 「溶栓的时间窗是多久」: when it is given, not whom it must not be given to
            out = dropIfAnswered(out, asked, f -> f.relation().type().equals("CONTRAINDICATED_WITH"));
        }
        if (asked == Aspect.SYMPTOMS && SIGN_ASKED.matcher(q).find() && !COMPLAINT_ASKED.matcher(q).find()) {
            // 「X的体征是」: what the examiner finds (脑膜刺激征), not what the patient feels (头痛、呕吐)
            out = dropIfAnswered(out, asked, f -> f.aspect() == asked && !EXAMINATION_SIGN.matcher(
                    TextNormalizer.forMatching(signOf(f).name())).find());
        }
        if (asked == Aspect.TESTS && frame.topic().filter(AspectCues.SENSITIVE_TOPIC::equals).isPresent()) {
            // 「早期识别脑梗死非常敏感的检查」: the test the knowledge base calls sensitive (its note or its own
            // description: 「对早期梗死…的敏感性高于CT」), not every test of the condition
            out = dropIfAnswered(out, asked, f -> f.aspect() == asked && !sensitive(f, question));
        }
        if (asked == Aspect.PREVENTION && DRUG_ASKED.matcher(q).find()) {
            // 「口服可用于防治…的药物是」: the drugs and treatments that prevent, not the risk factors to control
            out = dropIfAnswered(out, asked, f -> f.relation().type().equals("RISK_FACTOR_OF"));
        }
        if (ONE_ASKED.matcher(q).find()) {
            List<Fact> current = out;
            if (current.stream().anyMatch(f -> f.role() == Role.ANSWER && f.aspect() == asked && UnitBudget.ranked(f))) {
                out = current.stream().filter(f -> f.role() != Role.ANSWER || f.aspect() != asked
                        || UnitBudget.ranked(f)).toList();
            }
        }
        return out;
    }

    /** Asks a drug (「…的药物是」「吃什么药预防」"which drug prevents"). */
    private static final Pattern DRUG_ASKED = Pattern.compile("药|\\bdrugs?\\b|\\bmedications?\\b|\\bmedicines?\\b");
    /** Asks when or within how long (a time window, a duration), not who may have it. */
    private static final Pattern TIME_ASKED = Pattern.compile(
            "时间窗|多长时间|多久|几个?小时|几天|\\bwindow\\b|\\bhow (long|soon|many hours)\\b|\\bwithin how\\b|\\btime limit");
    /** Asks who must not have it, or whether this patient may. */
    private static final Pattern CONTRAINDICATION_ASKED = Pattern.compile(
            "禁忌|不能|不宜|不适|能不能|可以|能否|\\bcontraindicat|\\bnot (be )?(given|used)|\\bcan\\b|\\bsafe");
    /** Asks the physical signs, found on examination. */
    private static final Pattern SIGN_ASKED = Pattern.compile("体征|\\bphysical signs?\\b|\\bclinical signs?\\b|\\bon examination\\b");
    /** Asks the symptoms or manifestations too. */
    private static final Pattern COMPLAINT_ASKED = Pattern.compile("症状|表现|\\bsymptoms?\\b|\\bpresent");
    /** The name of a finding on examination (a sign, a palsy, a gaze, a murmur, a reflex), not a complaint. */
    private static final Pattern EXAMINATION_SIGN = Pattern.compile(
            "征$|麻痹|凝视|杂音|青斑|反射|强直|偏盲|共济失调|\\bsigns?$|\\bpalsy|\\bgaze|\\bmurmur|\\breflex|\\brigidity|\\bataxia|\\bhemianopi");

    /** The sign of a symptom fact: the end of 「X可出现s」, the start of 「s是X的预警信号」. */
    private static Entity signOf(Fact f) {
        return f.relation().type().equals("WARNING_SIGN_OF") ? f.start() : f.end();
    }

    /** What a case asks when it asks about the patient, not what a condition is. */
    private static final Pattern WHAT_IS = Pattern.compile("是什么|什么是|定义|概念|是指|\\bwhat (is|are)\\b|\\bdefin");
    /** What 「预防」 is said of: the words after it up to the end of the clause. */
    private static final Pattern PREVENTED = Pattern.compile("(预防|防止|\\bprevent(ing|s)?\\b)([^，,。？?；;]{2,30})");
    /** A complication as what is prevented: an infection, a clot, a sore, a fall… (a recurrence is the focus's own). */
    private static final Pattern COMPLICATION_WORDS = Pattern.compile(
            "炎|感染|血栓|栓塞|压疮|褥疮|压力性损伤|骨折|跌倒|便秘|挛缩|误吸|pneumonia|infection|thrombo|embol|ulcer"
                    + "|pressure (sore|injur)|fall|fracture|constipation|contracture|aspiration");

    /**
     * A case (a vignette, or a patient in hospital) read as asking what its background condition is, where its question
     * does not ask what the condition is: its definition and kinds answer nobody.
     */
    static boolean caseReadAsDefinition(Frame frame, String question) {
        boolean aCase = frame.setting() == Frame.Setting.VIGNETTE || frame.setting() == Frame.Setting.IN_HOSPITAL;
        if (frame.aspect() != Aspect.DEFINITION || !aCase || frame.focus().isEmpty()) {
            return false;
        }
        String asking = TextNormalizer.forMatching(frame.subQuestion().orElse(question));
        // "What is the most likely causal microorganism?" asks what something of the case is, not what the focus is:
        // a definition is asked where the words of "what is" stand next to the focus's name
        for (String name : List.of(frame.focus().get().name(), frame.focus().get().mention())) {
            String n = TextNormalizer.forMatching(name);
            Matcher m = WHAT_IS.matcher(asking);
            while (!n.isBlank() && m.find()) {
                int near = asking.indexOf(n, Math.max(0, m.start() - n.length() - 2));
                if (near >= 0 && near <= m.end() + 6) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether the question asks how to prevent a complication other than the focus (「留置胃管期间…预防肺炎」 of a
     * patient in hospital for 脑出血): the focus's own prevention (its risk factors) answers another question.
     *
     * @param focusKeys the focus's folded names ({@link PassageQuotes#keys})
     */
    static boolean preventsAnother(String question, Set<String> focusKeys) {
        Matcher m = PREVENTED.matcher(TextNormalizer.forMatching(question));
        while (m.find()) {
            String object = m.group(3);
            if (COMPLICATION_WORDS.matcher(object).find() && focusKeys.stream().noneMatch(object::contains)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The passage quotes left once those beside the point are dropped: for a test that tells conditions apart (not how
     * severe), a sentence on grading scales (「Hunt-Hess分级和WFNS分级评估病情」); for the most sensitive test, a
     * sentence on another test than the ones the graph calls sensitive. A quote of another aspect stays.
     */
    static List<Quote> quotes(Frame frame, List<Fact> kept, List<Quote> quotes, String question) {
        String q = TextNormalizer.forMatching(question);
        if (frame.aspect() != Aspect.TESTS) {
            return quotes;
        }
        List<Quote> out = quotes;
        if (DIAGNOSIS_ASKED.matcher(q).find() && !SEVERITY_ASKED.matcher(q).find()) {
            out = out.stream().filter(x -> x.aspect() != Aspect.TESTS || x.sentences().stream().noneMatch(s ->
                    GRADING.matcher(TextNormalizer.forMatching(s).toLowerCase(java.util.Locale.ROOT)).find())).toList();
        }
        if (frame.topic().filter(AspectCues.SENSITIVE_TOPIC::equals).isPresent()) {
            Set<String> tests = new LinkedHashSet<>();
            kept.stream().filter(f -> f.role() == Role.ANSWER && f.aspect() == Aspect.TESTS && sensitive(f, question))
                    .forEach(f -> PassageQuotes.keys(testOf(f)).forEach(tests::add));
            if (!tests.isEmpty()) {
                out = out.stream().filter(x -> x.aspect() != Aspect.TESTS || x.sentences().stream()
                        .map(TextNormalizer::forMatching).anyMatch(s -> tests.stream().anyMatch(s::contains))).toList();
            }
        }
        return out;
    }

    /** A sentence on grading how severe a condition is. */
    private static final Pattern GRADING = Pattern.compile("分级|评分|量表|\\bgrad(e|es|ing)\\b|\\bscales?\\b|\\bscores?\\b");

    /** The test end of a test fact. */
    private static Entity testOf(Fact f) {
        return List.of("Examination", "Assessment").contains(f.end().type()) ? f.end() : f.start();
    }

    /** Sensitivity asked (「最敏感的检查」"the most sensitive test"), not the first test to do. */
    private static final Pattern SENSITIVITY_ASKED = Pattern.compile("敏感|灵敏|特异|\\bsensitiv|\\bspecific");
    /** What the graph says of a test that makes it the sensitive one: its note, or its description. */
    private static final Pattern SENSITIVE_SAID = Pattern.compile("敏感|灵敏|数分钟|\\bsensitiv|\\bwithin minutes\\b");
    /** What the graph says of a test that makes it the first one (「首选影像检查」"first-choice imaging test"). */
    private static final Pattern FIRST_SAID = Pattern.compile("首选|\\bfirst[- ]line\\b|\\bfirst[- ]choice\\b");

    /**
     * Whether the graph says the test of this fact is what the question asks: sensitive, where sensitivity is asked;
     * else the first choice ("the best initial test").
     */
    static boolean sensitive(Fact f, String question) {
        String said = saidOfTest(f);
        boolean sensitivity = SENSITIVITY_ASKED.matcher(TextNormalizer.forMatching(question)
                .toLowerCase(java.util.Locale.ROOT)).find();
        return (sensitivity ? SENSITIVE_SAID : FIRST_SAID).matcher(said).find();
    }

    /** A test fact whose note or test the graph calls sensitive or the first choice. */
    static boolean singledOut(Fact f) {
        if (f.aspect() != Aspect.TESTS) {
            return false;
        }
        String said = saidOfTest(f);
        return SENSITIVE_SAID.matcher(said).find() || FIRST_SAID.matcher(said).find();
    }

    /** What the graph says of a test fact's test: the relation's note and the test's descriptions (folded). */
    private static String saidOfTest(Fact f) {
        Entity test = testOf(f);
        return TextNormalizer.forMatching(f.relation().evidence().orElse("") + " " + test.description() + " "
                + test.descriptionEn()).toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether a relation's note restricts it to some patients or makes it a conditional recommendation. */
    static boolean restricting(String note) {
        return RESTRICTING_NOTE.matcher(note).find();
    }

    /** 「X属于Y」 between two conditions, as the fact's own last step. */
    static boolean classification(Fact f) {
        return f.relation().type().equals("SUBTYPE_OF") && CONDITIONS.contains(f.start().type())
                && CONDITIONS.contains(f.end().type());
    }

    /** Drops the answer facts {@code beside} matches, where an answer fact of the asked aspect is left. */
    private static List<Fact> dropIfAnswered(List<Fact> facts, Aspect asked, Predicate<Fact> beside) {
        Predicate<Fact> dropped = f -> f.role() == Role.ANSWER && beside.test(f);
        boolean left = facts.stream().anyMatch(f -> f.role() == Role.ANSWER && f.aspect() == asked && !dropped.test(f));
        return left ? facts.stream().filter(dropped.negate()).toList() : facts;
    }
}
