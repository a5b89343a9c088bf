package org.strokekg.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.text.TextNormalizer;

/**
 * What an answer leaves out once the asked aspect is answered (docs/answer-precision.md, "What an answer leaves
 * out"): the focus's definition before a "where" or "how common" answer, the "nothing on its Y" of an aspect beside
 * the one asked, a condition's drugs and definition for a question about one food, the sentences of a passage about
 * stroke patients for an asker who has no stroke, a surgical sentence for a question about medical treatment, and a
 * sentence on what follows X (「X后…」) for a question on what X is, what causes it or what it shows. Each rule drops
 * a unit only where the aspect asked is answered by another; none drops the only unit that answers.
 */
final class LeftOut {

    /** Where the caller cites the focus in a "nothing on this" sentence it keeps. */
    static final String FOCUS_MARK = "\u0000F";
    /** Where the caller cites the other entity of a relation in such a sentence. */
    static final String OTHER_MARK = "\u0000O";

    /** The topics of a definition-aspect question that ask something else than what the focus is. */
    private static final Set<String> NOT_WHAT_IT_IS = Set.of("location", "frequency", "genetic",
            AspectCues.RESEARCH_TOPIC);

    /** Words of stroke: a sentence naming them is about stroke. */
    static final Pattern STROKE = Pattern.compile("卒中|中风|脑梗|脑血栓|脑栓塞|脑出血|脑溢血|脑血管|蛛网膜下腔|腔隙|短暂性脑缺血|偏瘫"
            + "|半身不遂|偏身|\\btia\\b|stroke|cerebrovascular|cerebral (infarct|hemorrhag|haemorrhag)|intracerebral"
            + "|subarachnoid|hemipleg|hemipar|transient ischemic|transient ischaemic");
    /**
     * Words of the brain, its vessels and what a stroke leaves: a question with none of them (in its words or its
     * linked entities' names) is not about stroke (肝硬化, 胃炎, asthma); one with any may be (丘脑出血, spasticity,
     * "word-finding difficulty", aneurysm), and keeps the passages on stroke.
     */
    private static final Pattern NEURO = Pattern.compile("卒中|中风|脑|颅|丘|内囊|基底节|瘫|失语|构音|吞咽|痉挛|肢体|麻木|眩晕"
            + "|昏迷|意识|动脉|血管|栓|梗|疝|癫痫|痴呆|认知|康复|言语|\\btia\\b|stroke|brain|cerebr|intracran|crani|neuro"
            + "|hemipl|hemipar|aphasi|dysarthri|dysphag|paraly|palsy|infarct|hemorrhag|haemorrhag|thromb|embol|aneurysm"
            + "|arter|vascular|carotid|spastic|seizure|epilep|dementia|cognit|rehabilit|weakness|numb|vertigo|coma");
    /**
     * A sentence about stroke patients or young adults' stroke (「卒中后继续吸烟会增加复发风险」「青年卒中的病因…」
     * "after a stroke…", "stroke survivors…"): true, but not of an asker who has no stroke.
     */
    private static final Pattern ABOUT_STROKE_PATIENTS = Pattern.compile("(卒中|中风|脑梗死?|脑出血|偏瘫)((或|和|及|/)(tia|短暂性脑缺血发作))?(后|患者|病人|幸存者|的?康复"
            + "|复发)|青年卒中|儿童卒中|\\bafter (a |the |their |your )?stroke|\\bstroke (patients?|survivors?)|\\bpeople who "
            + "have had a stroke|\\byoung (adults?|people) with stroke|\\bstroke in young");
    /** 内科治疗 asked: the medical, not surgical, management. */
    private static final Pattern MEDICAL_ASKED = Pattern.compile("内科(治疗|处理|疗法)|非手术|保守治疗|\\bmedical (treatment|"
            + "management|therapy)\\b|\\bconservative (treatment|management)\\b");
    /** A surgical sentence or treatment. */
    static final Pattern SURGICAL = Pattern.compile("手术|清除术|切除|开颅|引流|夹闭|栓塞术|减压术|外科|\\bsurg|\\bcraniotom|"
            + "\\bevacuat|\\bdrain|\\bclipping\\b|\\bdecompressi");

    private LeftOut() {
    }

    /**
     * Whether the focus's description answers aspect {@code a}: for a definition or an overview, yes; for
     * 「X最好发的部位」「X的发病率」「X会遗传吗」 (a definition aspect with a topic) it is padding before the answer.
     */
    static boolean definitionAsked(Aspect a, Frame frame) {
        if (a != Aspect.DEFINITION || a != frame.aspect()) {
            return true;
        }
        return frame.topic().filter(NOT_WHAT_IT_IS::contains).isEmpty();
    }

    /** The foods the diet facts name. */
    static List<Entity> foods(List<Fact> facts) {
        List<Entity> out = new ArrayList<>();
        for (Fact f : facts) {
            f.path().nodes().stream().filter(n -> n.type().equals("Food")).forEach(out::add);
        }
        return out;
    }

    /**
     * The diet facts that answer a question about one food: those that name it (「高血压能吃咸菜吗」: 忌吃高盐食物,
     * not the whole list); where none does, all of them, the nearest answer the knowledge base holds.
     */
    static List<Fact> aboutFood(String food, List<Fact> facts) {
        List<Fact> naming = facts.stream().filter(f -> FoodAsked.named(food, foods(List.of(f)))).toList();
        return naming.isEmpty() ? facts : naming;
    }

    /** 「知识库中没有关于柿子是否适合高血压[1]患者的资料。」 */
    static String notOnFood(String food, String focusCited, boolean english) {
        return english ? "The knowledge base has no information on whether " + food + " is suitable for people with "
                + focusCited + "."
                : "知识库中没有关于" + food + "是否适合" + focusCited + "患者的资料。";
    }

    /** Whether the question is about stroke (its words, or a linked entity's name). */
    static boolean strokeAsked(String question, List<Entity> linked) {
        String q = TextNormalizer.forMatching(question).toLowerCase(java.util.Locale.ROOT);
        // the words of stroke itself count too: 蛛网膜下腔出血 names no brain word
        return NEURO.matcher(q).find() || STROKE.matcher(q).find() || linked.stream().anyMatch(e -> {
            String name = TextNormalizer.forMatching(e.name()).toLowerCase(java.util.Locale.ROOT);
            return NEURO.matcher(name).find() || STROKE.matcher(name).find();
        });
    }

    /**
     * Whether a passage sentence (folded) is about stroke rather than the focus, for a question that is not about
     * stroke: about stroke patients (「卒中后…」「青年卒中…」 "after a stroke"), or naming stroke with the focus not
     * among its first words ("Most strokes are not directly inherited… such as hypertension"). 「主动吸烟是缺血性卒中的
     * 独立危险因素」 is about smoking, and stays.
     */
    static boolean aboutStroke(String folded, Set<String> focusKeys, boolean english) {
        String lower = folded.toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher patients = ABOUT_STROKE_PATIENTS.matcher(lower);
        if (patients.find() && patients.start() <= (english ? 40 : 12)) {
            return true; // what the sentence is about, not a clause deep in it ("begins weeks after the stroke")
        }
        if (focusKeys.isEmpty() || !STROKE.matcher(lower).find()) {
            return false; // without a focus, what the sentence is about is not known: only stroke patients are left out
        }
        int first = focusKeys.stream().mapToInt(lower::indexOf).filter(i -> i >= 0).min().orElse(Integer.MAX_VALUE);
        return first > (english ? 40 : 12);
    }

    /**
     * Whether a graph fact speaks of stroke, for a question that does not: a note about stroke patients, or, where the
     * focus is a symptom (or there is none), a stroke condition reached through that shared symptom. Such a fact is
     * left out for a non-neurological asker, as the passages on stroke patients are. 「高血压可引起脑出血」 asked of
     * hypertension stays: the condition asked about is its own end.
     */
    static boolean strokeFact(Fact f, boolean bridged) {
        if (bridged && f.path().nodes().stream().anyMatch(n -> STROKE.matcher(fold(n.name())).find())) {
            return true;
        }
        return f.path().relationships().stream().anyMatch(r -> r.evidence()
                .filter(note -> ABOUT_STROKE_PATIENTS.matcher(fold(note)).find()).isPresent());
    }

    /**
     * The entity without a description that is about stroke patients (「体温升高，卒中后多提示肺部或泌尿系感染」), for a
     * question that is not about stroke: what the entity is for stroke patients is not what it is for this asker.
     */
    static Entity withoutStrokeDescription(Entity e) {
        boolean zh = ABOUT_STROKE_PATIENTS.matcher(fold(e.description())).find();
        boolean en = ABOUT_STROKE_PATIENTS.matcher(fold(e.descriptionEn())).find();
        if (!zh && !en) {
            return e;
        }
        return new Entity(e.id(), e.type(), e.name(), e.aliases(), zh ? "" : e.description(), e.sources(),
                en || zh ? "" : e.descriptionEn(), e.trust(), e.descriptionTrust(), e.retracted());
    }

    /**
     * Whether a passage is about stroke (its title or text names it): for a question that is not, a sentence of it
     * that does not open with the focus is advice for stroke patients (「踝足矫形器可以把踝关节保持在中立位…」 from a
     * passage on foot drop after a stroke, for an ankle sprain), and is not quoted.
     */
    static boolean strokePassage(org.strokekg.search.PassageDoc doc) {
        return STROKE.matcher(fold(doc.title() + " " + doc.text())).find();
    }

    /** Advice of the first hours and days of a stroke (「急性期」「发热会加重脑损伤」「发病4.5小时内」"acute stroke"). */
    private static final Pattern ACUTE_PHASE = Pattern.compile("急性期|急性(缺血性)?(脑)?卒中|超早期|加重脑损伤|发病\\d+(\\.\\d+)?小时"
            + "|\\d+(\\.\\d+)?小时内|溶栓|取栓|\\bacute (phase|stroke|ischa?emic)\\b|\\bwithin \\d+(\\.\\d+)? hours\\b"
            + "|\\bfirst \\d+ hours\\b|\\bthromboly|\\bthrombectom");
    /** A past event dated months or years back (「3年前患脑梗塞」「脑梗多年」"a stroke two years ago"). */
    private static final Pattern LONG_AGO = Pattern.compile("(\\d+|一|两|二|三|四|五|六|七|八|九|十|几|数|半)(个)?多?(年|月)(前|以前)|多年"
            + "|\\b(\\d+|a|one|two|three|four|five|several|many) (years?|months?) ago\\b");

    /**
     * Whether the patient's condition of the question is long past: the frame's setting is the history, or a case
     * names a past illness dated months or years back (「3年前患脑梗塞，卧床」). Acute-phase advice is then not for it.
     */
    static boolean longPast(Frame frame, String question) {
        if (frame.setting() == Frame.Setting.HISTORY) {
            return true;
        }
        String q = fold(question);
        java.util.regex.Matcher ago = LONG_AGO.matcher(q);
        while (ago.find()) {
            // the dated event is a stroke: named just after the date (「3年前患脑梗塞」) or just before (「脑梗多年」)
            String near = q.substring(Math.max(0, ago.start() - 8), Math.min(q.length(), ago.end() + 10));
            if (STROKE.matcher(near).find()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a sentence (folded) is advice of the acute phase. */
    static boolean acutePhase(String folded) {
        return ACUTE_PHASE.matcher(folded.toLowerCase(java.util.Locale.ROOT)).find();
    }

    private static String fold(String s) {
        return TextNormalizer.forMatching(s).toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the question asks the medical (non-surgical) treatment: 「脑出血的内科治疗」. */
    static boolean medicalAsked(String question) {
        return MEDICAL_ASKED.matcher(TextNormalizer.forMatching(question).toLowerCase(java.util.Locale.ROOT)).find();
    }

    /**
     * A sentence that opens with what follows the focus (「蛛网膜下腔出血后，血液可阻塞…引起脑积水」): it tells a
     * complication and its signs, not the focus's causes, risk factors, signs or definition.
     */
    static boolean whatFollows(String folded, Set<String> focusKeys, Aspect aspect, Frame.Direction direction) {
        boolean asksOfItself = aspect == Aspect.SYMPTOMS || aspect == Aspect.RISK || aspect == Aspect.DEFINITION
                || aspect == Aspect.DIFFERENTIAL || aspect == Aspect.CAUSE && direction != Frame.Direction.FROM_FOCUS;
        if (!asksOfItself) {
            return false;
        }
        for (String k : focusKeys) {
            if (folded.startsWith(k + "后") || folded.startsWith(k + "之后") || folded.startsWith(k + "以后")
                    || folded.startsWith("after " + k) || folded.startsWith("after a " + k)) {
                return true;
            }
        }
        return false;
    }
}
