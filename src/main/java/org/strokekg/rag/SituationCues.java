package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.rag.Frame.AgeGroup;
import org.strokekg.rag.Frame.Caution;
import org.strokekg.rag.Frame.Patient;
import org.strokekg.rag.Frame.Setting;
import org.strokekg.text.SettingCues;

/**
 * The situation a question describes, from its words (folded Chinese, lower-case English): the setting (a case in an
 * exam, a patient in hospital, something happening now, a past event or lasting condition) and the patient (age
 * group, pregnancy, what makes some treatments unsafe). The text given has the spans of linked entity names blanked,
 * so a name such as 小儿脑性瘫痪 or "alternating hemiplegia of childhood" does not make the patient a child.
 */
final class SituationCues {

    private static final Pattern AGE_YEARS = Pattern.compile("(\\d{1,3})(周)?岁|\\b(\\d{1,3})[- ]years?[- ]old\\b|\\baged (\\d{1,3})\\b");
    private static final Pattern AGE_MONTHS = Pattern.compile("(\\d{1,2})(个)?月(大|龄)?的?(宝宝|孩子|婴儿|小孩|男婴|女婴|患儿)|(宝宝|孩子|婴儿|小孩|患儿)[^，。？?]{0,4}?(\\d{1,2})(个)?月"
            + "|\\b(\\d{1,2})[- ]months?[- ]old\\b");
    private static final Pattern INFANT = Pattern.compile("新生儿|婴儿|婴幼儿|乳儿|男婴|女婴|早产儿|\\b(newborn|neonat\\w*|infants?|baby)\\b");
    private static final Pattern CHILD = Pattern.compile("小孩|儿童|孩子|小儿|幼儿|患儿|宝宝|\\bbb\\b|少年|青少年|小朋友|男孩|女孩|小学|初中|高中生"
            + "|\\b(child|children|kids?|toddlers?|boy|girl|teen\\w*|adolescents?|pediatric|paediatric)\\b");
    /**
     * An adult speaking of having a child (「会不会干扰要小孩」「想生孩子」「怀宝宝」「生完小孩50天」): pregnancy planning or
     * the time after a birth, not a child patient; these spans are not read as a child.
     */
    static final Pattern HAVING_A_CHILD = Pattern.compile("(想|准备|打算|计划|能不能|能否|可以|可否|不能)?(要|生|怀|怀上|备孕)(完|了|过)?"
            + "(个|一个|第二个|二胎|二个)?(小孩|孩子|宝宝|bb|小宝宝)|(have|having|planning|plan to have|want) (a )?(baby|child|children|kids)\\b");
    private static final Pattern OLDER = Pattern.compile("老人|老年|高龄|爷爷|奶奶|外公|外婆|姥姥|姥爷|老太|老大爷|\\b(elderly|older (adult|people|patients?)|octogenarians?|aged 8\\d)\\b");
    private static final Pattern PREGNANT = Pattern.compile("怀孕|孕妇|妊娠|孕期|孕(\\d+|早|中|晚)|怀上|\\bpregnan\\w*");

    /** Symptoms gone again: what a transient attack looks like. */
    private static final Pattern RESOLVED = Pattern.compile("(又|就|已经?|自行|自己|逐渐|完全)(好|恢复|缓解|消失)|好了|缓解了|恢复了"
            + "|恢复正常|消失了|\\b(resolved|went away|back to normal|got better|recovered fully)\\b");
    /** Symptoms still there: dated from their onset (「无力3小时」) or said to last. */
    private static final Pattern PERSISTING = Pattern.compile("持续|至今|仍(然|有|不|未)|还是(没|不)|未(见)?缓解|不缓解|逐渐加重|进行性加重"
            + "|(\\d+|一|两|二|三|四|五|六|几|半)(个)?多?(小时|h)(?!后)|\\b(still|persist\\w*|ongoing|for (\\d+|several|a few) hours)\\b");
    /** Symptoms come on over weeks to years, or fluctuating with fatigue: no acute event's course. */
    private static final Pattern GRADUAL = Pattern.compile("(\\d+|一|两|二|三|四|五|六|几|数|半)(个)?多?(周|月|年)(来|以来|前|余|中)|近(\\d+|一|两|几|数|半)(个)?(周|月|年)"
            + "|(?<![\\d史病烟酒压症龄])(\\d+|一|两|二|三|四|五|六|几|数|半)(个)?多?(周|月|年)[，,。；]"
            + "|逐渐(加重|出现|发展)|渐进|进行性|缓慢(起病|进展|加重)|晨轻暮重|傍晚加重|活动后加重|劳累后加重|易疲劳|波动"
            + "|\\b(gradual(ly)?|progressive(ly)?|insidious|slowly (worsen|progress)\\w*|fluctuat\\w*|fatigab\\w*)\\b"
            + "|\\b(over|for|during) (the )?(past |last )?(\\d+|several|a few|two|three|four|six|many) (weeks|months|years)\\b");
    /** A sudden onset or an onset hours ago stated: what an acute event looks like, whatever the history says. */
    private static final Pattern SUDDEN = Pattern.compile("突然|突发|骤然|猝然|突感|急性起病|急骤|今(晨|天|日)|晨起|昨(天|日|晚)"
            + "|(\\d+|一|两|半|几|数)(个)?多?(小时|分钟|h\\b)|\\b(sudden(ly)?|abrupt(ly)?|acute(ly)?)\\b|\\b(hours?|minutes?)\\b"
            + "|\\bthis morning\\b|\\byesterday\\b");
    private static final Pattern AT_REST = Pattern.compile("晨起|睡醒|醒来|起床(时|后)?发现|睡眠中|睡觉时|安静(时|状态)|休息时"
            + "|\\b(on waking|woke up|during sleep|at rest)\\b");
    private static final Pattern ON_EXERTION = Pattern.compile("活动(时|中)|情绪激动|激动时|用力|劳累|排便时|搬重物|运动(时|中)|吵架|生气"
            + "|\\b(exertion|straining|while lifting|during exercise)\\b");

    private static final Map<Caution, Pattern> CAUTIONS = new LinkedHashMap<>();
    /** A platelet count stated as a number: low only below the normal range, not whenever a count is given. */
    private static final Pattern PLATELET_COUNT = Pattern.compile("(?:血小板(?:计数|数目|数)?|\\bplt|\\bplatelets?(?: count)?)"
            + "\\s*(?:[：:=]|为|是|of|is|was)?\\s*(\\d+(?:\\.\\d+)?)\\s*(万)?"); // not 血小板分布宽度 15.4 (PDW)
    /** ×10⁹/L: the lower bound of the normal range, below which a count is thrombocytopenia. */
    private static final double PLATELETS_LOW_BELOW = 150;

    static {
        CAUTIONS.put(Caution.BLEEDING, Pattern.compile("出血倾向|消化道出血|胃出血|上消化道|便血|黑便|呕血|咯血|牙龈出血|鼻出血|流鼻血|出血不止|正在出血"
                + "|活动性出血|凝血(功能)?(障碍|异常)|血友病|(脑|颅内|蛛网膜下腔?)(出血|溢血)|出血性(卒中|中风|脑卒中)"
                + "|\\bbleed(ing)?\\b|\\bha?emorrhag\\w*|\\bha?emophilia\\b|\\bcoagulopathy\\b"));
        CAUTIONS.put(Caution.LOW_PLATELETS, Pattern.compile("血小板(计数)?(低|少|减少|偏低|下降|只有|降低)|血小板减少"
                + "|\\blow platelets?\\b|\\bthrombocytopeni\\w*"));
        CAUTIONS.put(Caution.ANTICOAGULATED, Pattern.compile("(在吃|服用|正在用|一直吃|长期吃|吃着)(华法林|利伐沙班|达比加群|阿哌沙班|艾多沙班|抗凝药)"
                + "|\\b(on|taking) (warfarin|rivaroxaban|dabigatran|apixaban|edoxaban|an? anticoagulant|anticoagulants)\\b"));
        CAUTIONS.put(Caution.ALLERGY, Pattern.compile("过敏|\\ballerg\\w*"));
        CAUTIONS.put(Caution.KIDNEY, Pattern.compile("肾功能(不全|衰竭|不好|差|异常)|肾衰|尿毒症|透析|肌酐(高|升高)|\\b(kidney|renal) (failure|disease|impairment)\\b|\\bdialysis\\b"));
        CAUTIONS.put(Caution.LIVER, Pattern.compile("肝功能(不全|衰竭|不好|差|异常)|肝硬化|肝衰|\\bliver (failure|disease|impairment)\\b|\\bcirrhosis\\b"));
        CAUTIONS.put(Caution.BRAIN_BLEED, Pattern.compile("(脑|颅内|蛛网膜下腔?|脑室|小脑|脑干|硬膜下|硬膜外)(出血|溢血)|血肿"
                + "|脑膜刺激征(阳性|\\(\\+\\)|（\\+）)|颈项强直|颈强直|(?<!无|未见|未|否认)颈(部)?抵抗(阳性|\\(\\+\\)|（\\+）)?(?!\\s*(\\(-\\)|（-）|阴性))|血性脑脊液|\\b(intracranial|intracerebral|subarachnoid|cerebellar)"
                + " ha?emorrhage|\\bha?ematoma|\\bnuchal rigidity|\\bstiff neck|\\bmeningeal (signs|irritation)|\\bxanthochromi"));
        CAUTIONS.put(Caution.HEAD_INJURY, Pattern.compile("(跌倒|摔倒|摔伤|坠落|跌落|车祸|撞击|撞伤|打伤|击伤)[^。；;]{0,12}(头|枕|额|颞|顶)"
                + "|(头|枕|额|颞|顶)(部)?[^。；;]{0,6}(着地|撞|受伤|外伤|受击)|颅脑(外伤|损伤)|脑外伤|头(部)?外伤"
                + "|\\bhead (injury|trauma)\\b|\\b(struck|hit|banged) (his|her|the) head\\b|\\bfell\\b[^.]{0,30}\\bhead\\b"
                + "|\\btraumatic brain injury\\b"));
        CAUTIONS.put(Caution.VALVULAR, Pattern.compile("风湿性心脏(瓣膜)?病|风心病|(二尖瓣|主动脉瓣)(重度|中重度|中度)?狭窄|机械瓣|人工(心脏)?瓣膜?"
                + "|瓣膜置换|换瓣|\\bmitral (valve )?stenosis\\b|\\bmechanical (heart )?valves?\\b|\\bprosthetic (heart )?valves?\\b"
                + "|\\brheumatic heart\\b|\\bvalve replacement\\b"));
        CAUTIONS.put(Caution.BREASTFEEDING, Pattern.compile("哺乳|喂奶|母乳|\\bbreast-?feed\\w*|\\blactat\\w*"));
    }

    private SituationCues() {
    }

    /**
     * The setting: an exam item or textbook case first (whatever it describes happened to someone else), then a
     * patient in hospital, then an event now (an acute cue that is not dated back), then a past event or lasting
     * condition, else a general question.
     */
    /**
     * The aspect a stroke long past is asked: its treatment, asked a year or more after (「去年…轻微脑梗塞…请问得怎么
     * 调整」「三年前脑梗死，现在该怎么治疗」), is the lasting one, the prevention of another stroke; the acute
     * treatments (thrombolysis, the stroke unit, the in-hospital glucose target) answer another patient.
     */
    static Frame.Aspect forSetting(Frame.Aspect aspect, Setting setting, Optional<Frame.Focus> focus,
                                   List<Frame.Focus> others) {
        boolean strokeFocus = focus.filter(f -> f.type().equals("Disease")
                && LeftOut.STROKE.matcher(org.strokekg.text.TextNormalizer.forMatching(f.name())).find()).isPresent();
        return aspect == Frame.Aspect.TREATMENT && setting == Setting.HISTORY && strokeFocus && others.isEmpty()
                ? Frame.Aspect.PREVENTION : aspect;
    }

    static Setting setting(String folded, boolean hasOptions) {
        if (hasOptions || SettingCues.vignette(folded)) {
            return Setting.VIGNETTE;
        }
        if (SettingCues.inHospital(folded)) {
            return Setting.IN_HOSPITAL;
        }
        if (SettingCues.now(folded)) {
            return Setting.ACUTE_NOW;
        }
        if (SettingCues.past(folded)) {
            return Setting.HISTORY;
        }
        return Setting.GENERAL;
    }

    /**
     * The patient: age group (from a stated age first, then words), pregnancy, cautions, the symptoms' course and onset;
     * history is filled by the caller.
     */
    static Patient patient(String folded) {
        Optional<Integer> years = Optional.empty();
        Matcher y = AGE_YEARS.matcher(folded);
        if (y.find()) {
            String g = y.group(1) != null ? y.group(1) : y.group(3) != null ? y.group(3) : y.group(4);
            years = Optional.of(Integer.parseInt(g));
        }
        // 「要小孩」「生完孩子」: the asker having a child, not a child as the patient
        String about = HAVING_A_CHILD.matcher(folded).replaceAll("_");
        boolean months = AGE_MONTHS.matcher(about).find();
        AgeGroup group;
        if (years.isPresent()) {
            int a = years.get();
            group = a < 1 ? AgeGroup.INFANT : a < 18 ? AgeGroup.CHILD : a < 65 ? AgeGroup.ADULT : AgeGroup.OLDER_ADULT;
        } else if (months || INFANT.matcher(about).find()) {
            group = AgeGroup.INFANT;
        } else if (CHILD.matcher(about).find()) {
            group = AgeGroup.CHILD;
        } else if (OLDER.matcher(folded).find()) {
            group = AgeGroup.OLDER_ADULT;
        } else {
            group = AgeGroup.UNKNOWN;
        }
        List<Caution> cautions = new ArrayList<>();
        CAUTIONS.forEach((c, p) -> {
            if (stated(p, folded) || c == Caution.LOW_PLATELETS && lowPlateletCount(folded)) {
                cautions.add(c);
            }
        });
        Frame.Course course = RESOLVED.matcher(folded).find() ? Frame.Course.RESOLVED
                : GRADUAL.matcher(folded).find() && !SUDDEN.matcher(folded).find() ? Frame.Course.GRADUAL
                : PERSISTING.matcher(folded).find() ? Frame.Course.PERSISTING : Frame.Course.UNSTATED;
        Frame.Onset onset = AT_REST.matcher(folded).find() ? Frame.Onset.AT_REST
                : ON_EXERTION.matcher(folded).find() ? Frame.Onset.ON_EXERTION : Frame.Onset.UNSTATED;
        return new Patient(group, years, PREGNANT.matcher(folded).find(), cautions, List.of(), course, onset);
    }

    /**
     * Words right before a caution that deny it: a case's result "CT of the head shows no bleeding", 「头颅CT未见出血」,
     * 「无出血倾向」 states what the patient does not have.
     */
    private static final Pattern DENIED_BEFORE = Pattern.compile(
            "(未见|未发现|无明显|无|没有|否认|排除|不伴|\\bno|\\bwithout|\\bnot|\\bdenies|\\bno (evidence|signs?) of|\\bruled out)\\s*$");

    /** Whether the pattern occurs in the text at least once not denied right before it. */
    private static boolean stated(Pattern p, String folded) {
        Matcher m = p.matcher(folded);
        while (m.find()) {
            if (!DENIED_BEFORE.matcher(folded.substring(Math.max(0, m.start() - 16), m.start())).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a stated platelet count is below the normal range, read in ×10⁹/L: "8万" (per µL) is 80, a count over
     * 2,000 is per µL; a normal or high count (e.g. 311) is no caution.
     */
    static boolean lowPlateletCount(String folded) {
        Matcher m = PLATELET_COUNT.matcher(folded);
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            double perLitre = m.group(2) != null ? n * 10 : n > 2000 ? n / 1000 : n;
            if (perLitre < PLATELETS_LOW_BELOW) {
                return true;
            }
        }
        return false;
    }
}
