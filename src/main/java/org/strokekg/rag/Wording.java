package org.strokekg.rag;

import java.util.Map;
import java.util.Optional;
import org.strokekg.rag.Evidence.Why;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Direction;

/**
 * The fixed sentences of composed answers, in Chinese and English: what each aspect is called, the honest "the
 * knowledge base has X but nothing on its Y", "nothing found", and the caution that says why a treatment may not fit
 * the patient.
 */
final class Wording {

    private static final Map<Aspect, String> ZH = Map.ofEntries(
            Map.entry(Aspect.DEFINITION, "定义"), Map.entry(Aspect.CAUSE, "病因"), Map.entry(Aspect.RISK, "危险因素"),
            Map.entry(Aspect.SYMPTOMS, "症状"), Map.entry(Aspect.TESTS, "检查和诊断"),
            Map.entry(Aspect.DIFFERENTIAL, "鉴别诊断"), Map.entry(Aspect.TREATMENT, "治疗"),
            Map.entry(Aspect.DRUGS, "用药"), Map.entry(Aspect.PREVENTION, "预防"), Map.entry(Aspect.PROGNOSIS, "预后"),
            Map.entry(Aspect.REHABILITATION, "康复"), Map.entry(Aspect.CARE, "护理"), Map.entry(Aspect.DIET, "饮食"),
            Map.entry(Aspect.DAILY_LIFE, "日常生活"), Map.entry(Aspect.WHAT_TO_DO_NOW, "应急处理"),
            Map.entry(Aspect.COMPARISON, "比较"), Map.entry(Aspect.RELATION, "关系"),
            Map.entry(Aspect.DEPARTMENT, "就诊科室"), Map.entry(Aspect.OVERVIEW, "资料"),
            Map.entry(Aspect.LESION_SITE, "病变部位"), Map.entry(Aspect.TCM, "中医辨证论治"));
    private static final Map<Aspect, String> EN = Map.ofEntries(
            Map.entry(Aspect.DEFINITION, "definition"), Map.entry(Aspect.CAUSE, "causes"),
            Map.entry(Aspect.RISK, "risk factors"), Map.entry(Aspect.SYMPTOMS, "symptoms"),
            Map.entry(Aspect.TESTS, "tests and diagnosis"), Map.entry(Aspect.DIFFERENTIAL, "differential diagnosis"),
            Map.entry(Aspect.TREATMENT, "treatment"), Map.entry(Aspect.DRUGS, "drug treatment"),
            Map.entry(Aspect.PREVENTION, "prevention"), Map.entry(Aspect.PROGNOSIS, "outlook"),
            Map.entry(Aspect.REHABILITATION, "rehabilitation"), Map.entry(Aspect.CARE, "care"),
            Map.entry(Aspect.DIET, "diet"), Map.entry(Aspect.DAILY_LIFE, "daily life"),
            Map.entry(Aspect.WHAT_TO_DO_NOW, "first steps"), Map.entry(Aspect.COMPARISON, "comparison"),
            Map.entry(Aspect.RELATION, "relation"), Map.entry(Aspect.DEPARTMENT, "department"),
            Map.entry(Aspect.OVERVIEW, "details"), Map.entry(Aspect.LESION_SITE, "lesion site"),
            Map.entry(Aspect.TCM, "traditional Chinese medicine pattern and treatment"));
    private static final Map<String, String> TOPIC_ZH = Map.ofEntries(
            Map.entry("diagnosis", "诊断"),
            Map.entry("work", "工作"),
            Map.entry("driving", "驾驶"),
            Map.entry("sex", "性生活"),
            Map.entry("travel", "旅行"),
            Map.entry("exercise", "运动"),
            Map.entry("bathing", "洗澡"),
            Map.entry("alcohol", "饮酒"),
            Map.entry("smoking", "吸烟"),
            Map.entry("pregnancy", "怀孕"),
            Map.entry("frequency", "发病率"),
            Map.entry("location", "好发部位"),
            Map.entry("purpose", "用途"),
            Map.entry("genetic", "遗传因素"),
            Map.entry(AspectCues.RESEARCH_TOPIC, "研究和临床试验"),
            Map.entry(AspectCues.SENSITIVE_TOPIC, "最敏感的检查"),
            Map.entry(ExamCues.VESSEL, "受累血管"),
            Map.entry(ExamCues.TRACT, "受损的传导束"),
            Map.entry(ExamCues.IMAGING, "影像表现"));
    private static final Map<String, String> TOPIC_EN = Map.ofEntries(
            Map.entry("diagnosis", "diagnosis"),
            Map.entry("work", "returning to work"),
            Map.entry("driving", "driving"),
            Map.entry("sex", "sexual activity"),
            Map.entry("travel", "travel"),
            Map.entry("exercise", "exercise"),
            Map.entry("bathing", "bathing"),
            Map.entry("alcohol", "alcohol"),
            Map.entry("smoking", "smoking"),
            Map.entry("pregnancy", "pregnancy"),
            Map.entry("frequency", "prevalence"),
            Map.entry("location", "location"),
            Map.entry("purpose", "purpose"),
            Map.entry("genetic", "genetics"),
            Map.entry(AspectCues.RESEARCH_TOPIC, "research and clinical trials"),
            Map.entry(AspectCues.SENSITIVE_TOPIC, "most sensitive test"),
            Map.entry(ExamCues.VESSEL, "vessel involved"),
            Map.entry(ExamCues.TRACT, "tract involved"),
            Map.entry(ExamCues.IMAGING, "imaging appearance"));

    private Wording() {
    }

    /** What the aspect is called: 病因, 驾驶, "outlook". */
    static String aspect(Aspect a, Direction d, Optional<String> topic, boolean english) {
        if (topic.isPresent()) {
            return (english ? TOPIC_EN : TOPIC_ZH).getOrDefault(topic.get(), topic.get());
        }
        if (a == Aspect.CAUSE && d == Direction.FROM_FOCUS) {
            return english ? "consequences and complications" : "可能引起的后果和并发症";
        }
        return (english ? EN : ZH).get(a);
    }

    /**
     * A study question's gap ({@link StudyQuestion}): "The knowledge base has alteplase[1], but nothing on whether the
     * dose of tPA matters for outcome in Asian patients." The clause is the question's own words; without a focus the
     * knowledge base is said to hold nothing on it.
     */
    static String knownButNotWhether(java.util.Optional<String> cited, String whether) {
        return cited.map(c -> "The knowledge base has " + c + ", but nothing on " + whether
                        + ": it holds clinical guidance, not the results of studies of this question.")
                .orElse("The knowledge base holds nothing on " + whether + ": it holds clinical guidance, not the "
                        + "results of studies of this question. Please ask a doctor of the relevant specialty.");
    }

    /** 「知识库中有X[1]，但没有关于X的Y的资料。」 ({@code cited} is the focus with its citation mark). */
    static String knownButNot(String cited, String focus, String aspect, boolean english) {
        if (aspect.equals(EN.get(Aspect.OVERVIEW)) || aspect.equals(ZH.get(Aspect.OVERVIEW))) {
            return english ? "The knowledge base has " + cited + ", but no checked information about it."
                    : "知识库中有" + cited + "，但没有关于" + focus + "的经过审核的资料。";
        }
        return english ? "The knowledge base has " + cited + ", but no information on its " + aspect + "."
                : "知识库中有" + cited + "，但没有关于" + focus + "的" + aspect + "的资料。";
    }

    /**
     * Only a hub named, something else asked (HubQuestion): 「知识库中有脑卒中[1]，但这个问题问的不是脑卒中本身…」, instead
     * of the hub's definition, types and signs.
     */
    static String unasked(String cited, String focus, boolean english) {
        return english ? "The knowledge base has " + cited + ", but this question asks something other than what "
                + focus + " is (its definition, types and signs), and the knowledge base holds nothing that answers it."
                : "知识库中有" + cited + "，但这个问题问的不是" + focus + "本身（它是什么、有哪些类型和表现），知识库中没有能回答它的资料。";
    }

    /** 「知识库中有X[1]，但没有X与驾驶相关的资料。」: an activity of daily life with the condition. */
    static String knownButNotActivity(String cited, String focus, String activity, boolean english) {
        return english ? "The knowledge base has " + cited + ", but no information on " + activity + " with it."
                : "知识库中有" + cited + "，但没有" + focus + "与" + activity + "相关的资料。";
    }

    /** Two things asked together: 「知识库中没有X与Y之间关系的资料。」 */
    static String noRelation(String a, String b, boolean english) {
        return english ? "The knowledge base has no information on how " + a + " and " + b + " are related."
                : "知识库中没有" + a + "与" + b + "之间关系的资料。";
    }

    /**
     * Nothing the answer may state: said plainly, with a referral that fits the asker (neurology or rehabilitation only
     * for a question about the brain, its vessels or what a stroke leaves; otherwise the relevant specialty), and, when
     * knowledge below the request's trust level was found, how much of it there is and where the response lists it
     * (the withheld relations in {@code graphPaths}, the passages in {@code passages}, each with its {@code trust}), so
     * the sentence can be checked.
     */
    static String notFound(boolean english, int withheldPaths, int withheldPassages, boolean unreviewed,
                           boolean neurological) {
        String base = english
                ? "The knowledge base has no information on this question that may be stated, so no evidence-based "
                        + "answer can be given. " + referral(true, neurological)
                : "知识库中没有找到与该问题相关、可以陈述的内容，无法给出有依据的回答。" + referral(false, neurological);
        int withheld = withheldPaths + withheldPassages;
        if (withheld == 0) {
            return base;
        }
        String level = unreviewed ? (english ? "unreviewed" : "未经审核") : (english ? "less trusted" : "可信级别较低");
        java.util.List<String> where = new java.util.ArrayList<>(2);
        if (withheldPaths > 0) {
            where.add(english ? withheldPaths + " graph path" + (withheldPaths == 1 ? "" : "s") + " in graphPaths"
                    : "图谱路径" + withheldPaths + "条，见 graphPaths");
        }
        if (withheldPassages > 0) {
            where.add(english ? withheldPassages + " passage" + (withheldPassages == 1 ? "" : "s") + " in passages"
                    : "文献段落" + withheldPassages + "条，见 passages");
        }
        return base + (english
                ? " The search found " + withheld + " " + level + " item" + (withheld == 1 ? "" : "s") + " ("
                        + String.join(", ", where) + ", each marked with its trust level), not used in this answer."
                : "检索到另外" + withheld + "条" + level + "的资料（" + String.join("；", where)
                        + "，均标有可信级别），未用于回答。");
    }

    /** The referral after "nothing found": the stroke specialties only for a question about the nervous system. */
    static String referral(boolean english, boolean neurological) {
        if (english) {
            return neurological ? "Please ask a doctor of the relevant specialty (for stroke: a neurologist or a "
                    + "rehabilitation physician)." : "Please ask a doctor of the relevant specialty.";
        }
        return neurological ? "建议咨询相关专科医生（与脑卒中有关的问题可咨询神经内科或康复科）。" : "请咨询相应专科医生。";
    }

    /**
     * The opening of a caution sentence: why the facts after it may not fit this patient. {@code aboutAdults}: the
     * facts are curated ones, written from adult guidelines (a child's caution may say so; of crawled facts it may not).
     */
    static String caution(Why why, String items, boolean english, boolean aboutAdults) {
        if (why == Why.CHILD && !aboutAdults) {
            return english ? "Caution: the knowledge base does not say whether " + items + " suit a child; a child's "
                    + "treatment is for a paediatrician to decide."
                    : "注意：知识库中的这些资料（" + items + "）没有区分儿童和成人；儿童的诊治须由儿科医生决定。";
        }
        return switch (why) {
            case BLEEDING_RISK -> english
                    ? "Caution: " + items + " are antithrombotic and raise the risk of bleeding; with the bleeding or low "
                            + "platelet count the question mentions, only a doctor can decide whether to use them."
                    : "注意：" + items + "属于抗栓治疗，会增加出血风险；问题中提到出血或血小板减少，是否使用只能由医生决定。";
            case CONTRAINDICATED -> english
                    ? "Caution: " + items + " may not be used here; only a doctor can decide."
                    : "注意：" + items + "在这种情况下可能不能使用，须由医生决定。";
            case CHILD -> english
                    ? "Caution: what the knowledge base holds here is about adults (" + items + ") and does not apply "
                            + "to a child as it stands; a child's treatment is decided by a paediatric neurologist."
                    : "注意：知识库中的这些资料针对成人（" + items + "），不能直接用于儿童；儿童的诊治须由儿科或儿童神经科医生决定。";
            case PREGNANCY -> english
                    ? "Caution: in pregnancy, drugs such as " + items + " are for the doctor to decide."
                    : "注意：孕期用药（如" + items + "）须由医生评估决定。";
            case VALVULAR -> english
                    ? "Caution: the preference for the new oral anticoagulants over warfarin (" + items + ") is made for "
                            + "non-valvular atrial fibrillation; the question mentions valve disease (rheumatic mitral "
                            + "stenosis or a mechanical valve), where it does not apply: the anticoagulant is for a doctor "
                            + "to choose."
                    : "注意：“新型口服抗凝药优于华法林”的推荐（" + items + "）针对非瓣膜性心房颤动；问题提到心脏瓣膜病（如风湿性"
                            + "二尖瓣狭窄或机械瓣），这一推荐不适用，抗凝药物的选择须由医生决定。";
            case ALLERGY -> english
                    ? "Caution: the question mentions an allergy; whether " + items + " can be used is for a doctor to decide."
                    : "注意：问题中提到过敏，" + items + "能否使用须由医生判断。";
            case NONE -> "";
        };
    }

    /**
     * For a child or an infant. The curated knowledge was written from adult stroke guidelines, so an answer resting on
     * it (or about stroke) is told its facts are about adults; the crawled knowledge does not say whom its facts are
     * for, and claiming "adults" there would be a statement the knowledge base cannot support.
     */
    static String childNote(String cited, boolean english, boolean aboutAdults) {
        if (!aboutAdults) {
            return english ? "Caution: what the knowledge base holds on " + cited + " does not tell children from "
                    + "adults; a child's care is for a paediatrician to decide."
                    : "注意：知识库中关于" + cited + "的资料没有区分儿童和成人；儿童的诊治须由儿科医生决定。";
        }
        return english ? "Caution: what the knowledge base holds on " + cited + " is about adults; in children and "
                + "infants causes, targets and treatment differ, and a paediatric neurologist decides them."
                : "注意：知识库中关于" + cited + "的资料针对成人；儿童和婴儿的病因、控制目标和治疗与成人不同，须由儿科或儿童神经科医生决定。";
    }

    /** Where evidence only in Chinese is cited in an English answer. */
    static String untranslated(String marks) {
        return "Further details are recorded only in Chinese and are not translated here " + marks + ".";
    }

    /** An English gloss for a Chinese passage sentence. */
    static String gloss(String subject, String aspect, String marks) {
        boolean several = marks.indexOf('[') != marks.lastIndexOf('[');
        return (several ? "Chinese-language sources on " : "A Chinese-language source on ")
                + (subject.isBlank() ? "this question" : subject) + (several ? " cover its " : " covers its ")
                + aspect + " (not translated) " + marks + ".";
    }
}
