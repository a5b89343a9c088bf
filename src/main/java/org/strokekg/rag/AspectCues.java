package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Direction;

/**
 * The words by which a question says what it asks, in folded Chinese (simplified, so traditional questions match too)
 * and lower-case English. Each cue names an aspect, with the direction of a cause where it has one (「X的原因」 asks
 * what causes X, 「X会引起什么」 what X causes) and, for daily life, the activity. Cues are found where the question asks
 * (its asking sentence); a question asking several things keeps them in the order it asks them.
 */
final class AspectCues {

    /** One cue: a pattern over folded text and what it means. */
    record Cue(Pattern pattern, Aspect aspect, Direction direction, Optional<String> topic) {
    }

    /** A cue found in a question, where it starts and ends. */
    record Found(Cue cue, int start, int end) {
        Aspect aspect() {
            return cue.aspect();
        }
    }

    /** The topic of a differential cue that asks which condition a case is (「最可能的诊断是」"most likely diagnosis"). */
    static final String DIAGNOSIS_TOPIC = "diagnosis";

    /**
     * A case asked for its diagnosis, at the end of the asking part: 「最可能的诊断是」「正确诊断是」「诊断首先考虑」
     * 「应首先考虑的是」「可考虑诊断为」「最可能的病因诊断是」, "which of the following is the most likely diagnosis", "the most
     * likely (underlying) cause of the patient's symptoms" (not "the most likely cause of his stroke", a cause asked),
     * "Diagnosis:". It is read before the words of the narrative
     * that precede it in the same sentence (「检查发现…，正确诊断是」 asks no test) and before a test cue's 诊断.
     * 「造成患者上述情况最可能的原因是」 asks which condition explains the case's findings, as "the most likely cause of
     * the patient's symptoms" does.
     */
    static final Pattern DIAGNOSIS = Pattern.compile(
            "(?:(最(可能|有可能|大可能)|正确|初步|临床|首先考虑|应考虑|可能)的?(病因|定性|临床|初步)?诊断(是|为|应为|应是|考虑)?(什么|哪项|哪一项)?"
            + "|诊断(应)?首先考虑(为|的是|是)?|(应|可|可以|应当|应该)?(首先)?考虑(诊断)?为|(应|可|可以)诊断为?"
            + "|应(首先|当)?考虑(的)?是|(首先|应首先)考虑(的是)?|诊断(考虑|可能)(为|是)|(考虑|可能)的(诊断|疾病)(是|为)?"
            + "|(首先)?应(首先)?考虑的?(疾病|诊断)(是|为)?|最(可能|有可能)(患|患有|患的是)(的)?(疾病|病)?(是|为)?|最(可能|有可能)的(疾病|病)(是|为)?"
            + "|(本|该)病(的)?诊断(是|为|应为)"
            + "|(造成|引起|导致)(该|本)?(患者|病人)?(上述|以上|这些|目前|此)(情况|表现|症状|临床表现)的?最(可能|有可能)的?(原因|病因)(是|为)?|(?<!in |confirm the |establish the |make the |making the |for )\\bdiagnosis)[:：？?。]?\\s*$"
            + "|\\bmost (likely|probable) diagnosis\\b|\\bmost (likely|probable) (underlying )?(cause|etiology|explanation) (of|for) "
            + "(the|this|these|his|her) (patient's |woman's |man's |child's )?(symptoms|findings|condition|presentation|signs)\\b"
            + "|\\bmost (likely|probable) (underlying )?(cause|etiology|explanation)( (of|for) (this|these)( findings| symptoms| condition| presentation)?)?\\s*[?.]?\\s*$|\\bwhat is the (most likely )?diagnosis\\b"
            + "|\\bbest explains? (the|this|these) (patient|findings|symptoms|presentation)"
            + "|\\bmost consistent with\\b|\\b(patient|he|she) (most likely|probably) (has|is suffering from|suffers from)\\b"
            + "|\\bwhich (of the following )?(conditions?|diseases?|diagnos[ie]s) (does|is) (this|the) patient\\b");

    /** The topic of a test cue that asks the most sensitive or the best first test. */
    static final String SENSITIVE_TOPIC = "sensitive";
    /** The topic of a research question: trials, studies, whether an effect is proven. */
    static final String RESEARCH_TOPIC = "research";

    /** 「…敏感的检查(方法)」「最有价值的检查」"the most sensitive test", "the best initial test", "first test". */
    static final Pattern SENSITIVE_TEST = Pattern.compile(
            "(敏感|灵敏|特异)(性)?(最)?(高)?的?(检查|辅助检查|影像学检查|化验)(方法|手段)?"
            + "|\\b(most|highly|more) (sensitive|specific)\\b[^?.]{0,30}\\b(tests?|scans?|imaging|investigations?|modalit(y|ies))\\b"
            + "|\\bbest (initial|first|next) (diagnostic )?(tests?|step in (diagnosis|evaluation)|investigations?)\\b"
            + "|\\b(initial|first) (diagnostic )?(tests?|investigations?) of choice\\b");
    /**
     * Research asked: trials and studies, or whether an effect is shown (「研究进展」「临床试验」"what research (or
     * clinical trials) is being done", "does reducing X translate into functional benefit", "are there any secondary
     * benefits", "does sex influence the response to").
     */
    static final Pattern RESEARCH = Pattern.compile(
            "研究进展|最新研究|(有|在做|正在做)(哪些|什么)(研究|临床试验)|临床试验|"
            + "\\bwhat research\\b|\\bresearch\\b[^?]{0,20}\\b(being done|underway|conducted)\\b|\\bclinical trials?\\b"
            + "|\\btranslates? into\\b|\\bsecondary benefits?\\b|\\binfluences? the (response|outcome|effect)s?\\b"
            + "|\\b(sex|gender)[- ](differences?|specific)\\b|\\bdoes (sex|gender|age|race|ethnicity) (influence|affect|modify|matter)\\b");

    private static final List<Cue> CUES = new ArrayList<>();

    private static void cue(Aspect aspect, String regex) {
        CUES.add(new Cue(Pattern.compile(regex), aspect, Direction.NONE, Optional.empty()));
    }

    private static void cue(Aspect aspect, Direction direction, String regex) {
        CUES.add(new Cue(Pattern.compile(regex), aspect, direction, Optional.empty()));
    }

    private static void life(String topic, String regex) {
        CUES.add(new Cue(Pattern.compile(regex), Aspect.DAILY_LIFE, Direction.NONE, Optional.of(topic)));
    }

    // Listed from the most specific to the most general: where two cues overlap, the one listed first is kept
    // (「应该怎么办」 is what to do now, not the 怎么办 of treatment; 「首选检查」 is a test, not the 首选 of treatment).
    static {
        CUES.addAll(ExamCues.CUES); // lesion site and TCM first: 「病变部位」 is no 好发部位, 「治法」 no Western treatment
        CUES.add(new Cue(DIAGNOSIS, Aspect.DIFFERENTIAL, Direction.NONE, Optional.of(DIAGNOSIS_TOPIC)));
        // a study-level relation asked ("Does the timing of X modify its benefit?", "Is scale Y reliable…?"): research,
        // before the words of the treatment, test or behaviour it names (dose, monitoring, call 911) (StudyQuestion)
        CUES.add(StudyQuestion.STUDY);
        cue(Aspect.DEPARTMENT, "挂(什么|哪个|哪)科|看(什么|哪个)科|(什么|哪个|哪一个)科室?|哪家医院|去哪(里|儿)?(看|治)|哪个医院"
                + "|\\bwhich (department|specialist|doctor)|\\bwhat (kind of )?(doctor|specialist)");
        cue(Aspect.DIFFERENTIAL, "鉴别诊断|需(要)?与.{1,12}鉴别|与.{1,12}(如何|怎么)鉴别|\\bdifferential diagnos");
        // the test most sensitive or best at the start (「早期识别脑梗死非常敏感的检查方法」"the most sensitive test",
        // "the best initial test"): a test asked, ranked by the knowledge base ({@link BesideThePoint}), not the signs
        // 「识别」 would read
        CUES.add(new Cue(SENSITIVE_TEST, Aspect.TESTS, Direction.NONE, Optional.of(SENSITIVE_TOPIC)));
        // 「为鉴别其为蛛网膜下腔出血，还是化脓性脑膜炎，宜采用的主要方法是」: the two told apart may be written with
        // commas between them; the test that tells them apart is asked
        cue(Aspect.TESTS, "(鉴别|区分)[^。？?；;]{0,16}还是[^。？?；;]{0,20}(方法|检查|手段)"
                + "|(鉴别|区分|确诊|诊断)[^，。？?；;]{0,20}(方法|检查|手段)"
                + "|(首选|辅助|需要做的?|应做|应该做|应当做)(哪项|哪些|什么|何种|哪种)?的?(检查|化验|影像学检查)");
        // which test monitors a drug or treatment (「华法林要监测什么」「how is heparin monitored」): a test, not the
        // drug's indications; before the target cue, so 「监测什么指标，控制在多少」 still asks for the test
        cue(Aspect.TESTS, "监测|(查|看|测)(什么|哪些|哪个|啥)指标|(什么|哪些|哪个|啥)指标|\\bmonitor(ed|ing|s)?\\b");
        cue(Aspect.COMPARISON, "有(什么|啥|哪些)(区别|不同|差别)|(的|之间的?)(区别|不同|差别|异同)|区别在|哪个(好|更好|更)|哪种(好|更好)|鉴别要点|鉴别"
                + "|\\bdifferences? between|\\bdiffer from|\\bcompared (with|to)|\\bvs\\b|\\bversus\\b|\\bwhich is better");
        // what a drug or test is for: 「为什么要吃尼莫地平」 asks its purpose, not what causes it
        CUES.add(new Cue(Pattern.compile("为(什么|何|啥)(要|需要|得|还要)(长期)?(吃|用|服|做|查|打|输)|有(什么|啥)(用|作用|好处)|起(什么|啥)作用|作用是"
                + "|\\bwhy (is|are|do|does|should) [^?]{1,40} (needed|necessary|required|used|given|recommended|important|done)\\b"
                + "|\\bwhat (is|are) [^?]{1,30} used for\\b|\\bpurpose of\\b"), Aspect.DEFINITION, Direction.NONE,
                Optional.of("purpose")));
        cue(Aspect.RELATION, Direction.TO_FOCUS, "为(什么|何)(容易|会|易)(引起|导致|诱发|造成|得|患|发生)?|为(什么|何)(引起|导致|诱发|造成)|(容易|易)(引起|导致|诱发|造成|得)"
                + "|\\baffects?\\b[^?]{0,30}\\brisk\\b|\\b(increase|raise)s?\\b[^?]{0,20}\\brisk\\b"
                + "|(有|是)(什么|啥)?(关系|关联|联系)|有关(吗|系)|相关(吗|性)"
                + "|(会|能|可能)(不会)?(引起|导致|诱发|造成|增加)[^，。？?；;]{0,12}(吗|么|风险)|是[^，。？?；;]{0,12}(引起|导致)的吗"
                + "|\\b(link|relationship|association|connection) between|\\bassociated with"
                + "|\\b(does|can|do|could|will) [^?]{1,40} (cause|lead to|increase the risk of|trigger)\\b");
        // research asked ("what research (or clinical trials) is being done for X", "does reducing X translate into
        // functional benefit", 「X的研究进展」): the knowledge base holds guidance, not trials; said so, not its overview
        CUES.add(new Cue(RESEARCH, Aspect.DEFINITION, Direction.NONE, Optional.of(RESEARCH_TOPIC)));
        // heredity: passages answer it, not the list of risk factors
        CUES.add(new Cue(Pattern.compile("遗传|基因|家族史|家族性|\\binherit\\w*|\\bhereditar\\w*|\\brun in (the )?famil\\w*"
                + "|\\bgenetic\\w*|\\bgenes?\\b"), Aspect.CAUSE, Direction.TO_FOCUS, Optional.of("genetic")));
        cue(Aspect.RISK, Direction.TO_FOCUS, "危险因素|高危因素|风险因素|易患因素|(哪些|什么)人(容易|易)|高危人群|易发人群"
                + "|\\brisk factors?|\\bat risk\\b|\\bwho gets\\b");
        cue(Aspect.CAUSE, Direction.FROM_FOCUS, "(会|能|可能)?(引起|导致|造成|诱发|带来)(什么|哪些|啥)|(有|会有)(什么|哪些|啥)(后果|危害|影响|并发症|后遗症)"
                + "|(的|有)(后果|危害|并发症|后遗症)|并发症|后遗症|\\bcomplications?\\b|\\bconsequences?\\b"
                + "|\\bwhat (does|can) [^?]{1,40} (cause|lead to)\\b|\\blead to\\b");
        life("work", "上班|工作|复工|返岗|职业|\\bwork\\b|\\bjob\\b|\\bemployment\\b");
        life("driving", "开车|驾驶|驾车|\\bdriv(e|ing)\\b");
        // "sex" as sexual activity, not as a patient's sex ("Does sex influence the response to…", "sex differences",
        // "age and sex", "by sex": a demographic, the research topic's)
        life("sex", "性生活|同房|夫妻生活|房事|性功能|\\bsexual\\b|\\bintercourse\\b"
                + "|(?<!\\bage and |\\bby |\\bage, |\\bpatient's |\\bpatients' )\\bsex\\b(?!\\s*(and age|differences?|influences?|"
                + "affects?|ratio|distribution|-|specific|related|matched|hormones?|chromosomes?))");
        life("travel", "旅游|旅行|坐飞机|乘飞机|乘机|出国|出差|高原|\\btravel|\\bfly(ing)?\\b|\\bflights?\\b|\\bplane\\b");
        life("bathing", "洗澡|泡澡|泡脚|桑拿|\\bbath(e|ing)?\\b|\\bshower|\\bsauna\\b");
        life("alcohol", "喝酒|饮酒|白酒|啤酒|\\balcohol|\\bdrink(ing)? alcohol|\\bwine\\b|\\bbeer\\b");
        life("smoking", "抽烟|吸烟|戒烟|\\bsmok(e|ing)\\b|\\bcigarettes?");
        life("pregnancy", "(能|可以)(怀孕|生孩子|要孩子|生育)|备孕|\\b(get|become) pregnant\\b|\\bhave (a )?bab(y|ies)\\b");
        life("exercise", "运动|跑步|健身|游泳|爬山|散步|体育锻炼|\\bsports?\\b|\\bjogging\\b|\\bgym\\b|\\bswim");
        cue(Aspect.WHAT_TO_DO_NOW, "(要|需要|用不用|要不要|该不该|还要|得)(马上|立即|立刻)?(去|送|上)(医院|医|急诊)|(该|应该|要|需要)(怎么办|咋办|怎么做|做什么(?!检查|化验|康复|训练)|怎么处理)|怎么急救|如何急救|急救|第一时间|马上(怎么|该)|要不要(去医院|打120|叫救护车)|送医"
                + "|\\bwhat (should|do|can) (i|we|he|she) do\\b|\\bwhat to do\\b|\\bfirst aid\\b|\\bcall (911|120|an ambulance)");
        cue(Aspect.PROGNOSIS, "预后|能(不能)?(好|治好|恢复|康复|痊愈)(吗|么)?|能(否|不能)(恢复|康复|治好|痊愈)|(多久|多长时间|多少时间|几个月|几年)(能|才能|可以|会)?(好|恢复|康复)"
                + "|恢复(的可能|得怎么样|期|时间)|严重(吗|么|不)|(要紧|要不要紧|有事|没事)(吗|么|吧)?|(有|会有)?危险(吗|么|性)|会(不会)?(死|瘫痪|复发)|死亡率|致残|寿命|活(多久|多长)|能活"
                + "|\\boutlook\\b|\\bprognos(is|tic)\\b|\\bchances? of recovery|\\brecover(y|ed)?\\b|\\bhow long\\b|\\bserious\\b|\\bsurviv|\\blife expectancy");
        CUES.add(new Cue(Pattern.compile("\\bhow many people are affected|\\bhow common\\b|发病率|患病率|多(常见|见)吗"),
                Aspect.DEFINITION, Direction.NONE, Optional.of("frequency")));
        cue(Aspect.CAUSE, Direction.TO_FOCUS, "引起[^，。？?；;]{0,8}的(疾病|病|原因)|导致[^，。？?；;]{0,8}的(疾病|病|原因)");
        CUES.add(new Cue(Pattern.compile("(好发|常见|最多见|多见)?(的)?(病变)?部位|最多见于|多见于|好发于|病变(位于|在)|病灶(位于|在)|\\bwhere\\b|\\blocated\\b|\\blocation\\b"),
                Aspect.DEFINITION, Direction.NONE, Optional.of("location")));
        cue(Aspect.TREATMENT, "禁忌(证|症)?|慎用|不宜(使用|用)|不能(使用|用)|不适(于|合|宜)|适应(证|症)|\\bcontraindicat\\w*|\\bindications? for\\b"
                + "|时间窗|黄金时间|(几|多少)(个)?小时内|\\b(time )?window( period)?\\b"
                + "|(控制|降|维持)(在|到|至)(多少|多高|什么水平|什么范围)|控制目标|目标值|\\btarget\\b");
        cue(Aspect.DRUGS, "(的|用)药物?(是|为|有)|主证|主治|适应(证|症)|功效|\\bindications?\\b");
        cue(Aspect.TESTS, "(做|查)(什么|哪些|啥)(检查|化验)?|怎么查|确诊|诊断方法|(怎么|如何)诊断"
                // "the most likely diagnosis" of a case asks which condition it is (DIFFERENTIAL), not how one is diagnosed
                + "|\\bhow (to|is|are) [^?]{0,30}diagnosed?\\b|\\bdiagnos(e|ed|tic)\\b|(?<!likely )(?<!the )\\bdiagnosis\\b");
        cue(Aspect.DRUGS, "(吃|服|用|开)(什么|哪些|啥)药|药物?(治疗)?(有哪些|是什么)|用药|服药|吃药|(什么|哪些|啥)药|药量|剂量|用法|副作用|不良反应|药效|停药|换药"
                + "|(能|要|可以|需要|该|应该|还能|能不能|可不可以|能否)[^，。？?；;]{0,6}(吃|用|服)[^，。？?；;]{1,10}(吗|么|？|\\?)"
                + "|(吃|服用?|用)(多久|多长时间|到什么时候)|\\bdrugs?\\b|\\bmedications?\\b|\\bmedicines?\\b|\\bdos(e|age)\\b|\\bpills?\\b|\\bside effects?");
        cue(Aspect.DIET, "饮食|吃(什么|哪些|啥)(好|比较好)?|(能|可以)吃(什么|哪些|啥)|不能吃|忌口|忌吃|食物|食疗|喝(什么|哪些|啥)|汤|水果|营养"
                + "|\\bdiet\\b|\\bfoods?\\b|\\beat(ing)?\\b|\\bnutrition");
        cue(Aspect.PREVENTION, "预防|防止|避免|防治|(怎么|怎样|如何|咋)防|复发|二级预防|一级预防|\\bprevent(ion|ed|ing)?\\b|\\bavoid|\\brecurren(ce|t)\\b"
                + "|\\b(reduc|lower)(e|es|ed|ing|s)? (the )?(risk|incidence|rate|odds)s? of (?!(a |an |the )?(poor|bad|death"
                + "|dying|mortality|disability|dependen|complication|outcome))");
        cue(Aspect.REHABILITATION, "康复|复健|(功能)?(训练|锻炼)|(怎么|如何)恢复|(怎么|如何|怎样|能)练|练(好|习)|恢复训练|理疗|针灸|推拿|按摩|物理治疗|作业治疗|言语治疗|语言训练"
                + "|\\brehab(ilitation)?\\b|\\bphysiotherap|\\bphysical therap|\\boccupational therap|\\bspeech therap|\\bexercises?\\b");
        cue(Aspect.CARE, "护理|照顾|照护|陪护|家属(要|应该|该)|注意(什么|哪些|啥|事项)|要注意|居家|在家|翻身|鼻饲|喂饭|褥疮|压疮"
                + "|\\bnursing\\b|\\bcaregiv|\\bcare for\\b|\\blook after\\b|\\bat home\\b|\\bcare\\b");
        cue(Aspect.TREATMENT, "(怎么|如何|怎样|咋)(治疗?|医治|处理|缓解|改善|调整|调理)|治疗|治好|治愈|根治|疗法|手术|处理|处置|首选|可选用|宜选用?|应选用?|治疗(措施|方案|原则)|治法|方剂|主方|溶栓|取栓|缓解|改善|怎么办|咋办"
                + "|\\btreat(ment|ments|ed|s)?\\b|\\btherap(y|ies)\\b|\\bmanage(ment|d)?\\b|\\bsurgery\\b|\\boperation\\b|\\bwhat can be done\\b");
        // a test told as done (「去年检查有轻微脑梗塞」「化验显示」) is the narrative, not a test asked
        cue(Aspect.TESTS, "(检查|化验)(?!有|发现|显示|提示|结果|示|出来|出了|出)|影像|\\bct\\b|\\bmri\\b|核磁|量表|评分|评估|\\btests?\\b|\\bscans?\\b|\\bimaging\\b|\\bassess|\\bscales?\\b|\\bscores?\\b");
        cue(Aspect.SYMPTOMS, "症状|征兆|先兆|前兆|预兆|预警|信号|(临床)?表现|体征|迹象|特征|特点|怎么(判断|识别|知道|看出)|如何(判断|识别)|识别"
                + "|\\bsymptoms?\\b|\\bsigns?\\b|\\bpresents? with\\b|\\b(seen|observed|found|expect(ed)?( to (see|find))?) in (a |an |the )?(patients?|people|those|cases?)\\b|\\bmanifestations?\\b|\\brecogni[sz]e|\\blook like\\b");
        cue(Aspect.CAUSE, Direction.TO_FOCUS, "(的|主要|常见|最常见的?|什么|哪些)?(原因|病因|诱因|成因|发病机制|机制)|为什么|为何|怎么(引起|导致|得)的?|(由|被)?(什么|哪些|啥)(引起|导致|造成)"
                + "|怎么回事|是什么(导致|引起|造成)|\\bwhat (usually |commonly |typically |most (often|commonly) |can |could |might |may )?causes?\\b|\\bcauses? of\\b|\\bcaused by\\b|\\bwhy\\b");
        cue(Aspect.DIFFERENTIAL, "最(可能|有可能|大可能)的?(诊断|是|为|原因)|应(首先)?(诊断|考虑)|首先考虑|初步诊断|定性诊断|定位诊断|诊断(及|和)诊断依据|诊断依据"
                + "|诊断为(什么|何)|是不是|可能是(?![^，。？?]{0,4}(原因|病因|引起|导致|造成))"
                + "|\\bmost likely (diagnosis|cause|explanation)\\b|\\bwhat is the diagnosis\\b");
        cue(Aspect.DEFINITION, "是(什么|哪种|啥)病|是(一回事|一样的|同一)|(是|叫)(什么|啥)(病|意思|东西)?$|是(什么|啥)(病|意思|东西)|什么是|啥是|是指|定义|什么意思|(有|分)(哪些|几种|几类|什么)(类型|种类|分型|类)|分类|分型|类型"
                + "|\\bwhat (is|are)\\b|\\bwhat's\\b|\\bdefine\\b|\\bdefinition\\b|\\bmeaning of\\b|\\binformation about\\b|\\btell me about\\b|\\btypes? of\\b");
    }

    private AspectCues() {
    }

    /**
     * Every cue found in {@code folded} text, in order of position; of two overlapping cues the one listed first is
     * kept.
     */
    static List<Found> find(String folded) {
        List<Found> kept = new ArrayList<>();
        for (Cue c : CUES) {
            Matcher m = c.pattern().matcher(folded);
            while (m.find()) {
                int s = m.start();
                int e = m.end();
                if (e > s && kept.stream().noneMatch(k -> s < k.end() && k.start() < e)) {
                    kept.add(new Found(c, s, e));
                }
            }
        }
        kept.sort(Comparator.comparingInt(Found::start));
        return kept;
    }
}
