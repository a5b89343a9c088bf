package org.strokekg.rag;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Direction;

/**
 * The words by which a question asks where a lesion is ({@link Aspect#LESION_SITE}) or asks in terms of traditional
 * Chinese medicine ({@link Aspect#TCM}), over folded text (simplified Chinese, so traditional matches too; lower-case
 * English). Exam and clinical-case questions ask both in words of their own (「最可能的病变部位是」「哪支动脉闭塞」
 * 「其证型为」「治法是」「代表方」), and neither is the 好发部位 of a disease or the treatment of Western medicine, so
 * these cues are read before {@link AspectCues}' own. A case told in TCM terms (tongue and pulse, 中脏腑, 闭证) asks
 * its treatment or drug in TCM terms too: {@link #refine} reads that from the whole stem.
 */
final class ExamCues {

    /** Lesion site: 「病变部位」「病灶位于」「定位诊断」「责任血管」「哪支动脉闭塞」, "where is the lesion". */
    private static final Pattern LESION = Pattern.compile(
            "(?<!(好发|常见|多见)的?)病变的?(部位|位置|定位)|病灶的?(部位|位置)|(损害|受损|损伤)的?部位|病变(最)?(可能)?(位于|在|定位于?)"
            + "|病灶(最)?(可能)?(位于|在)|(损害|损伤)(最)?(可能)?(位于|在)|定位诊断|定位(于|在)|(病变|病灶|损害)定位|责任(病灶|血管|动脉)"
            + "|(哪|哪一|哪个|哪条|哪支|什么|何)(支|条|根)?(血管|动脉)(的)?(闭塞|梗死|梗塞|受累|病变|堵塞|阻塞|堵)"
            + "|(闭塞|受累|病变|堵塞|阻塞)的?(是|为)?(哪|哪一|哪个|哪条|哪支|何)(支|条)?(血管|动脉)"
            // the type of a sensory disturbance (内囊型, 脑干型, 皮质型) is where its lesion lies
            + "|感觉障碍的?(类型|型别|分型)|(类型|型别)的?感觉障碍"
            + "|\\bwhere (is|are|was|would be) (the )?(lesion|infarct|infarction|damage|stroke|bleed|hemorrhage|haemorrhage)"
            + "|\\blesion (site|location|is located|lies)|\\b(site|location) of (the )?(lesion|infarct|damage)"
            + "|\\blocali[sz](e|es|ed|ation|ing)\\b|\\bwhich (artery|arteries|vessel|arterial territory)"
            + "|\\b(artery|vessel) (is |was )?(most likely )?(occluded|blocked|involved|affected)");
    /** The anatomy a lesion-site question may ask, as the frame's topic: a vessel, a tract, the imaging appearance. */
    static final String VESSEL = "vessel";
    static final String TRACT = "tract";
    static final String IMAGING = "imaging";
    static final java.util.Set<String> ANATOMY_TOPICS = java.util.Set.of(VESSEL, TRACT, IMAGING);
    /**
     * Which vessel ruptures or is occluded (「破裂的血管多为」「闭塞最易导致偏瘫的血管是」, "which artery ruptures"): the
     * exam's blank after 「的血管是」 asks the vessel, whatever the stem says first.
     */
    private static final Pattern VESSEL_ASKED = Pattern.compile(
            "(破裂|出血|闭塞|堵塞|阻塞|梗死|受累)的?(血管|动脉)(多|最常|常|最多|主要)?(为|是|见于)|的(血管|动脉)(多|最常|常|主要)?(为|是)\\s*[？?。]?\\s*$"
            + "|(责任|受累|破裂)(的)?(血管|动脉)(是|为)?(哪|什么)"
            + "|\\b(which|what) (vessels?|arter(y|ies)) (usually |most often |typically |commonly )?(ruptures?|bleeds?|burst)"
            + "|\\bvessels? (that |which )?(usually |most often )?(ruptures?|bleeds?)|\\bruptured (vessel|artery)");
    /** Which tract or fibres a lesion damages (「主要是损伤了」「损伤了哪条传导束」, "which tract is damaged"). */
    private static final Pattern TRACT_ASKED = Pattern.compile(
            "传导束|传导通路|(哪|哪一|哪条|什么)(条|种)?(纤维|通路|神经束)|(主要|是)(是)?(损伤|损害|累及|破坏)了?\\s*[？?。]?\\s*$"
            + "|(损伤|损害|累及)了(哪|什么)"
            + "|\\bwhich (tract|pathway|fib(re|er)s?|fib(re|er) tract)s?\\b|\\b(tract|pathway)s? (is |are |was )?(damaged|injured|involved|affected|interrupted)");
    /**
     * The imaging appearance asked (「脑出血的CT表现是」「CT上呈什么」, "what does it look like on CT", "CT appearance of"):
     * only where the question ends asking it, since a case's stem states its own scan (「CT示基底节区高密度影，首选的治疗是」
     * asks the treatment).
     */
    private static final Pattern IMAGING_ASKED = Pattern.compile(
            "(\\bct|\\bmri|核磁|影像学?)\\s*(上的?)?(图像|表现|影像|征象|所见|特点|特征)(是|为|有)?\\s*(什么|何|哪些?|怎样)?"
            + "\\s*[（(]?\\s*[）)]?\\s*[？?。]?\\s*$|(\\bct|\\bmri|核磁)\\s*上?(呈|显示|可见|表现为)(什么|何|哪)"
            + "|\\blooks? like on (a |the )?(ct|mri|scans?)\\b|\\b(ct|mri|imaging) (appearance|findings?|features?) (of|in)\\b"
            + "|\\bhow does .{1,60} (appear|look) on (a |the )?(ct|mri)");
    /** TCM: pattern, principle, formula, TCM drugs and the TCM classes of wind-stroke. */
    private static final Pattern TCM = Pattern.compile(
            "中医|中药|中成药|辨证|证型|证候|证属|属(于)?(何|什么|哪)(种|个|一)?证|(何|什么|哪)(种|个|一)?证(?!据|明|实)|治法"
            + "|方剂|代表方|主方|首选方|选方|(宜|应|可|当)?(选)?用?(何|什么|哪个|哪)(个|首)?方(?!法|面|式|案|便|向)|方药|汤剂"
            + "|(汤|丸|散|丹|饮)加减|中经络|中脏腑|闭证|脱证|阳闭|阴闭|开窍|醒神|息风|熄风|平肝|潜阳|祛风|风痰|痰热"
            + "|痰火|痰浊|痰迷|腑实|血瘀|络瘀|阴虚风动|风阳|肝阳|肝肾亏虚"
            + "|\\btraditional chinese medicine|\\btcm\\b|\\bchinese (herbal )?medicine|\\bchinese herbs?\\b"
            + "|\\bherbal (formula|medicine|remed)|\\b(syndrome )?pattern (differentiation|identification)|\\bsyndrome pattern"
            + "|\\b(representative|which|what) (herbal )?formula|\\bzang-?fu\\b|\\bjing-?luo\\b|\\bwind-stroke\\b"
            + "|\\bzhongfeng\\b|\\b(blockage|collapse) pattern|\\bangong\\b|\\bsuhexiang\\b|\\bniuhuang\\b");
    /**
     * A case told in TCM terms, anywhere in its stem: tongue coating and pulse, the TCM classes of wind-stroke, the
     * patterns. Western cases mention the tongue too (「伸舌左偏」), never its coating.
     */
    private static final Pattern TCM_CASE = Pattern.compile(
            "中医|辨证|证型|中经络|中脏腑|闭证|脱证|阳闭|阴闭|痰迷|风痰|痰热|痰火|痰浊|肝阳上亢|气虚血瘀|阴虚风动"
            + "|苔(薄|厚)?(白|黄|腻)|脉(弦|滑|细|沉|浮|缓|涩|弱|数)|\\btraditional chinese medicine|\\btcm\\b"
            + "|牛黄|安宫|苏合香|至宝丹|紫雪|(汤|丸|散|丹|饮)加减|\\bangong\\b|\\bsuhexiang\\b|\\bniuhuang\\b");
    /** Aspects that a case told in TCM terms asks in TCM terms. */
    private static final List<Aspect> TCM_ASKABLE = List.of(Aspect.TREATMENT, Aspect.DRUGS, Aspect.DIFFERENTIAL,
            Aspect.OVERVIEW, Aspect.WHAT_TO_DO_NOW, Aspect.DEFINITION);

    /** The cues, in the form and order {@link AspectCues} reads them (these first). */
    static final List<AspectCues.Cue> CUES = List.of(
            new AspectCues.Cue(VESSEL_ASKED, Aspect.LESION_SITE, Direction.NONE, Optional.of(VESSEL)),
            new AspectCues.Cue(TRACT_ASKED, Aspect.LESION_SITE, Direction.NONE, Optional.of(TRACT)),
            new AspectCues.Cue(IMAGING_ASKED, Aspect.LESION_SITE, Direction.NONE, Optional.of(IMAGING)),
            new AspectCues.Cue(LESION, Aspect.LESION_SITE, Direction.NONE, Optional.empty()),
            new AspectCues.Cue(TCM, Aspect.TCM, Direction.NONE, Optional.empty()));

    private ExamCues() {
    }

    /**
     * The aspect, read again with the whole stem: a case told in TCM terms (舌苔、脉象、中脏腑) that asks its treatment,
     * drug or diagnosis asks the TCM one (「…苔黄腻，脉弦滑。宜选用的药物是」), and so does a treatment question that
     * also asks in TCM words.
     *
     * @param asked      every aspect the question's cues ask
     * @param foldedStem the question's stem, folded
     */
    static Aspect refine(Aspect aspect, List<Aspect> asked, String foldedStem) {
        // 「安宫牛黄丸治疗中风适用于什么证」: a treatment asked of a TCM pattern is the TCM treatment
        if (TCM_ASKABLE.contains(aspect) && (asked.contains(Aspect.TCM) || TCM_CASE.matcher(foldedStem).find())) {
            return Aspect.TCM;
        }
        return aspect;
    }

    /**
     * A TCM question keeps no topic of another aspect (the purpose of 「牛黄的作用」 is read in TCM terms); a lesion-site
     * question keeps only the anatomy it asks (a vessel, a tract, the imaging appearance).
     */
    static Optional<String> topic(Aspect aspect, Optional<String> topic) {
        if (aspect == Aspect.LESION_SITE) {
            return topic.filter(ANATOMY_TOPICS::contains);
        }
        return aspect == Aspect.TCM ? Optional.empty() : topic;
    }

    /**
     * The further aspects kept beside the main one: a TCM question is not also answered with Western treatment and
     * drugs, a lesion-site question not with the where-it-usually-occurs of a definition.
     */
    static List<Aspect> more(Aspect main, List<Aspect> more) {
        if (main == Aspect.TCM) {
            return more.stream().filter(a -> a != Aspect.TREATMENT && a != Aspect.DRUGS && a != Aspect.WHAT_TO_DO_NOW
                    && a != Aspect.DEFINITION && a != Aspect.OVERVIEW).toList();
        }
        if (main == Aspect.LESION_SITE) {
            return more.stream().filter(a -> a != Aspect.DEFINITION && a != Aspect.OVERVIEW).toList();
        }
        return more;
    }

    /** Whether a passage belongs to the TCM knowledge: quoted for TCM questions only. */
    static boolean tcmPassage(org.strokekg.search.PassageDoc doc) {
        return "tcm-stroke".equals(doc.topic());
    }
}
