package org.strokekg.text;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules that decide whether a question needs the stroke emergency notice first. They run on
 * {@link TextNormalizer#forMatching} text, so one simplified, lower-case rule set covers both scripts, full-width input
 * and English.
 *
 * <p>No notice fits a patient already in hospital, a textbook or exam case, or a past event ({@link SettingCues}): the
 * notice is for someone who may need to call for help now or learn the signs.
 *
 * <p>The notice is URGENT when a sign is described together with an acute cue (突然, 刚才, 现在, suddenly, just now…), or
 * when a strong sign (face, one-sided limb, speech) is described for a person or together with another sign. It is INFO
 * when the question asks what the warning signs are. Questions about an established condition (偏瘫三年了, 中风后…康复,
 * prevention, drugs) get no notice unless they also carry an acute cue: a new sudden sign after an old stroke is a new
 * emergency.
 */
public final class EmergencyDetector {

    private static final String SOURCE = "BE-FAST: Aroor S. et al., Stroke 2017;48:479-481; 中风120: Zhao J., Liu R., "
            + "Lancet Neurol 2017;16:27-28; emergency numbers: China 120, Taiwan 119, Hong Kong 999, US 911";

    private static final String URGENT_ZH = "这可能是中风（脑卒中）的表现，请立即拨打急救电话：中国大陆 120，台湾 119，香港 999，美国 911。"
            + "记下症状开始（或最后一次看起来正常）的时间；不要给患者进食、喝水或服用任何药物（包括阿司匹林）；"
            + "不要等待症状自行缓解，时间就是大脑。";
    private static final String URGENT_EN = "This may be a stroke. Call emergency services now: 120 in mainland China, "
            + "119 in Taiwan, 999 in Hong Kong, 911 in the US. Note the time the symptoms started (or when the person was "
            + "last seen well); give no food, drink or medicine (not even aspirin); do not wait for the symptoms to pass: "
            + "time is brain.";
    private static final String INFO_ZH = "中风预警信号（BE-FAST）：平衡（突然失去平衡或头晕）、眼睛（突然视物不清）、面部（口角歪斜）、"
            + "手臂（一侧无力或麻木）、言语（说话含糊或说不出话）、时间（立即求救）。一旦出现，立即拨打急救电话："
            + "中国大陆 120，台湾 119，香港 999，美国 911；记下发病时间；不要进食、喝水或服药；不要等待症状消失，时间就是大脑。";
    private static final String INFO_EN = "Stroke warning signs (BE-FAST): Balance (sudden loss of balance or dizziness), "
            + "Eyes (sudden vision loss), Face (drooping on one side), Arm (weakness or numbness on one side), Speech "
            + "(slurred or unable to speak), Time (get help now). If any appears, call 120 (mainland China), 119 (Taiwan), "
            + "999 (Hong Kong) or 911 (US) at once; note the time of onset; give no food, drink or medicine; do not wait "
            + "for the symptoms to pass: time is brain.";

    private static final String SIDE = "(一侧|单侧|半边|半侧|半身|左侧|右侧|左边|右边|一边|左半边|右半边|左|右)";
    private static final String LIMB = "(肢体|身体|身子|手脚|手臂|胳膊|胳臂|上肢|下肢|腿脚|腿|手|脚|脸|面部)";
    private static final String WEAK = "(无力|没力|没有力|没劲|乏力|麻木|发麻|麻了|麻|不能动|动不了|不听使唤|抬不起|使不上劲|不灵活|瘫)";

    /** Signs that point to a stroke on their own when described for someone. */
    private static final Map<WarningSign, Pattern> STRONG = Map.of(
            WarningSign.FACE, Pattern.compile("口角歪|嘴角?歪|口歪|嘴巴歪|口眼歪斜|脸歪|面部歪斜|(脸|面部|半边脸|嘴角|口角)(突然)?(下垂|耷拉)"
                    + "|face (is )?droop|facial droop|drooping (face|mouth)|(face|mouth|smile) (is |looks )?(drooping|uneven|lopsided|crooked)"
                    + "|crooked (smile|mouth)|droop\\w* (on )?(one side of )?(the |his |her |my )?face"),
            WarningSign.ARM, Pattern.compile(SIDE + "的?" + LIMB + "?(突然|忽然)?" + WEAK + "|拿不住|拿不稳|握不住|掉筷子|筷子掉|抬不起(胳膊|手)"
                    + "|(weak|numb)\\w* (in |on )?(one side|the (left|right)|(his|her|my) (left|right))"
                    + "|(left|right|one)[- ]sided? (weakness|numbness)|(can[’']?t|cannot|unable to) (lift|raise|move) (his |her |my |the )?(left |right )?(arm|leg)"
                    + "|(arm|leg) (is |went |feels )?(weak|numb|limp)"),
            WarningSign.SPEECH, Pattern.compile("说话不清|口齿不清|言语不清|吐字不清|(说话|讲话)含糊|含糊不清|说不出话|不能说话|说话困难|讲不出话"
                    + "|说话不利索|舌头发硬|大舌头|听不懂(别人|话)|答非所问"
                    + "|slurr(ed|ing)|(can[’']?t|cannot|unable to) (speak|talk)|(trouble|difficulty) (speaking|talking)"
                    + "|garbled|speech (is )?(slurred|garbled|unclear)"));

    /** Signs too common alone (a dizzy spell, a headache) that count only with an acute cue or another sign. */
    private static final Map<WarningSign, Pattern> WEAK_SIGNS = Map.of(
            WarningSign.ARM, Pattern.compile(LIMB + "(突然|忽然)?" + WEAK),
            WarningSign.EYES, Pattern.compile("看不见|看不清|失明|视力下降|视力丧失|视物模糊|眼前发黑|黑矇|重影|复视|视野缺损"
                    + "|(lost|loss of|losing) (his |her |my )?(vision|sight)|vision loss|blurr(ed|y) vision|double vision"
                    + "|(can[’']?t|cannot) see|blind"),
            WarningSign.BALANCE, Pattern.compile("头晕|眩晕|天旋地转|走路不稳|站不稳|失去平衡|平衡失调|共济失调|走路歪"
                    + "|dizz(y|iness)|vertigo|(loss of|lost|losing) (his |her |my )?balance|trouble walking|unsteady|stagger"),
            WarningSign.HEADACHE, Pattern.compile("剧烈(的)?头(痛|疼)|头(痛|疼)欲裂|炸裂|爆炸样头(痛|疼)|从未有过的头(痛|疼)|最严重的头(痛|疼)"
                    + "|头(痛|疼)得(厉害|要命)|(severe|worst|thunderclap|excruciating|sudden) headache"),
            WarningSign.CONFUSION, Pattern.compile("意识模糊|神志不清|意识不清|昏迷|叫不醒|糊涂|反应迟钝|胡言乱语|不认人|晕倒|昏倒|不省人事"
                    + "|confus(ed|ion)|unconscious|unresponsive|passed out|collapsed|disoriented"));

    /** Cues that an event is happening or has just begun; they outweigh any sign of an old condition. */
    private static final Pattern ACUTE = Pattern.compile("突然|突发|忽然|猛然|骤然|刚才|刚刚|(半|一|两|几|\\d+)(个)?(小时|分钟)(前|以前|之前)"
            + "|早上(起来|醒来)|醒来(后|时)?发现|还没恢复"
            + "|sudden|just now|all of a sudden|(minutes?|an hour|\\d+ hours?) ago|woke up");
    /** Cues of the present that also fit a lasting condition (偏瘫三年了现在手还是没力): acute only without such a condition. */
    private static final Pattern PRESENT = Pattern.compile("现在|正在|此刻|这会儿|今天|今早|今晨|急性"
            + "|right now|this morning|(is|are|am) having|currently|at the moment");

    private static final Pattern CHRONIC = Pattern.compile("后遗症|康复|恢复|训练|锻炼|练习|理疗|针灸|护理|预防|吃什么|饮食"
            + "|(\\d+|一|两|二|三|四|五|六|七|八|九|十|几|多|半)(多)?(年|个月|个多月|月)(了|来|多|以来)|多年|长期|慢性|一直|平时|经常|总是|偶尔|反复"
            + "|(中风|卒中|脑梗|脑梗死|脑梗塞|脑出血|脑溢血|脑血栓)(以)?后|偏瘫|半身不遂|术后|出院后"
            + "|第[二三四五六七八九十\\d]+天|(\\d+|几|两|三)天(了|以来)|确诊|医生说是|诊断|(做了|查了?)(ct|核磁|mri)"
            + "|rehab|recover|therapy|exercise|after (a |the |his |her |my )?stroke|post-?stroke|since (the |his |her |my )?stroke"
            + "|(years?|months?) ago|for (years|months)|chronic|prevent|survivor");

    private static final Pattern MNEMONIC = Pattern.compile("be-?fast|be fast|中风120|卒中120|fast原则|fast口诀");
    private static final Pattern WARNING_ASK = Pattern.compile("征兆|先兆|前兆|预兆|预警|警示|信号|warning signs?|early signs?");
    private static final Pattern STROKE = Pattern.compile("中风|卒中|脑梗|脑血栓|脑出血|脑溢血|脑栓塞|脑血管意外|短暂性脑缺血|tia\\b|stroke");
    private static final Pattern SIGN_ASK = Pattern.compile("症状|表现|征象|迹象|怎么(判断|识别|知道|看出|发现)|如何(判断|识别|发现|知道)|识别|判断"
            + "|symptoms?|signs?|recogni[sz]e|tell if|know if|spot");
    private static final Pattern PERSON = Pattern.compile("我|他|她|爸|妈|父亲|母亲|爷爷|奶奶|外公|外婆|姥姥|姥爷|老公|老婆|丈夫|妻子|家人|老人|患者|病人"
            + "|孩子|同事|朋友|邻居|\\b(i|my|he|she|his|her|someone|patient|husband|wife|father|mother|dad|mom)\\b");

    /** The notice for this question, or empty when it does not describe or ask about warning signs. */
    public Optional<EmergencyNotice> detect(String question) {
        String q = TextNormalizer.forMatching(question);
        if (q.isEmpty()) {
            return Optional.empty();
        }
        if (SettingCues.vignette(q) || SettingCues.inHospital(q)) {
            return Optional.empty();
        }
        Set<WarningSign> strong = find(STRONG, q);
        Set<WarningSign> all = EnumSet.copyOf(strong.isEmpty() ? EnumSet.noneOf(WarningSign.class) : strong);
        all.addAll(find(WEAK_SIGNS, q));
        boolean chronic = CHRONIC.matcher(q).find();
        boolean acute = (ACUTE.matcher(q).find() && !SettingCues.datedBack(q)) || (!chronic && PRESENT.matcher(q).find());

        if (!all.isEmpty() && acute) {
            return Optional.of(urgent(all));
        }
        if (!chronic && !strong.isEmpty() && (PERSON.matcher(q).find() || all.size() >= 2)) {
            return Optional.of(urgent(all));
        }
        if (!chronic && all.size() >= 2) {
            return Optional.of(urgent(all));
        }
        boolean aboutStroke = STROKE.matcher(q).find();
        boolean asksWarning = MNEMONIC.matcher(q).find() || (aboutStroke && WARNING_ASK.matcher(q).find());
        boolean asksSigns = aboutStroke && SIGN_ASK.matcher(q).find();
        if (asksWarning || (!chronic && (asksSigns || !strong.isEmpty()))) {
            return Optional.of(new EmergencyNotice(EmergencyNotice.Level.INFO, List.copyOf(all), INFO_ZH, INFO_EN, SOURCE));
        }
        return Optional.empty();
    }

    /** Whether the question speaks of a person (我, 我爸, 患者, "my mother"…) rather than of a disease in general. */
    public static boolean describesPerson(String question) {
        return PERSON.matcher(TextNormalizer.forMatching(question)).find();
    }

    private static EmergencyNotice urgent(Set<WarningSign> signs) {
        return new EmergencyNotice(EmergencyNotice.Level.URGENT, List.copyOf(signs), URGENT_ZH, URGENT_EN, SOURCE);
    }

    private static Set<WarningSign> find(Map<WarningSign, Pattern> rules, String q) {
        List<WarningSign> found = new ArrayList<>();
        rules.forEach((sign, pattern) -> {
            if (pattern.matcher(q).find()) {
                found.add(sign);
            }
        });
        return found.isEmpty() ? EnumSet.noneOf(WarningSign.class) : EnumSet.copyOf(found);
    }
}
