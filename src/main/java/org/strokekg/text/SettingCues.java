package org.strokekg.text;

import java.util.regex.Pattern;

/**
 * Where and when a question is set, from its words (on {@link TextNormalizer#forMatching} text, so one rule set
 * covers both scripts and English): a textbook or exam case, a patient in hospital, something happening now, a past
 * event or lasting condition. The emergency notice and the answer's frame read the same rules.
 */
public final class SettingCues {

    /** An exam item or textbook case: age and sex in the opening, examination findings, "which is most likely". */
    private static final Pattern VIGNETTE = Pattern.compile(
            "^[（(]?\\d{1,3}[～~\\-－至]\\d{1,3}题共用题干|共用题干|共用备选答案"
                    + "|^(患者|病人|患儿|某)?[，,]?(男|女)(性|孩|婴)?[，,]?\\s*\\d{1,3}(岁|个月)|^(患者|病人)[，,]\\s*(男|女)"
                    + "|^\\d{1,3}岁[，,]?(男|女)|^(一|某)(青年|老年|中年)?(男|女)?(性)?(患者|病人)|^患者(老年|中年|青年)"
                    + "|查体[：:]|体格检查|辅助检查|实验室检查[：:]|舌(质|红|淡|苔)|脉(弦|细|沉|滑|数|涩)"
                    + "|\\ba \\d{1,3}-(year|month|week|day)-old\\b|\\bpresents (to|with)\\b|\\bis brought to\\b"
                    + "|\\bwhich of the following\\b|\\bon examination\\b|\\bphysical examination\\b");
    /**
     * An exam stem without a case: the wording of an item (「下列」「以下哪项」「哪一项」「何项」) or a stem left open on a
     * negated ending (「脑出血患者一般不会出现的症状是」「…除外」「…错误的是」): it asks what a textbook says, nobody's
     * signs now. A lay question on warning signs ends with a question word (「中风的前兆是什么」), not on an open 是.
     */
    private static final Pattern EXAM_STEM = Pattern.compile(
            "下列|以下(哪|何|各|选项|说法|叙述|描述)|哪一项|何项|除外[）)]?[。？?]?\\s*$"
                    + "|(不(会|可能|应|宜|能|需要?|必)?(出现|见于|属于|符合|包括|包含|引起|导致|治疗|处理)|错误|不正确|不恰当)"
                    + "的?[^，,。？?]{0,10}(是|为)[（(]?\\s*[)）]?[。：:]?\\s*$");
    private static final Pattern IN_HOSPITAL = Pattern.compile(
            "住院|入院|在医院|医院里|病房|病床|icu|监护室|重症监护|术后|手术后|开颅后|介入后|收治|转入|出院前|留置胃管|鼻饲管|输液中"
                    + "|\\bin (the )?hospital\\b|\\bhospitali[sz]ed\\b|\\badmitted\\b|\\bward\\b|\\bintensive care\\b"
                    + "|\\bafter (the |his |her )?(surgery|operation)\\b|\\bpost-?operative");
    /** An event happening now or just begun: these outweigh an old condition (偏瘫三年了，今天突然说话不清). */
    private static final Pattern SUDDEN = Pattern.compile(
            "突然|突发|忽然|猛然|骤然|刚才|刚刚|(半|一|两|几|\\d+)(个)?(小时|分钟)(前|以前|之前|了)|早上(起来|醒来)|醒来(后|时)?发现|还没恢复"
                    + "|\\bsudden(ly)?\\b|\\bjust now\\b|\\ball of a sudden\\b|\\b(minutes?|an hour|\\d+ hours?) ago\\b|\\bwoke up\\b");
    /** Cues of the present that also fit a lasting condition (偏瘫三年了现在手还是没力): now only without one. */
    private static final Pattern PRESENT = Pattern.compile("现在|正在|此刻|这会儿|今天|今早|今晨|昨晚|昨天"
            + "|\\bright now\\b|\\bthis morning\\b|\\b(is|are|am) having\\b|\\bcurrently\\b");
    /** A past event or a lasting condition. */
    private static final Pattern PAST = Pattern.compile(
            "(\\d+|一|两|二|三|四|五|六|七|八|九|十|几|多|半)(多)?(年|个月|个多月|月|周|星期)(了|来|多|以来|前|之前|以前)"
                    + "|(\\d+|几|两|三|四|五|六|七|八|九|十)(多)?天(前|了|以来)|第[二三四五六七八九十\\d]+天"
                    + "|去年|前年|上个?月|上周|以前|曾经|既往|病史|经常|总是|老是|常常|反复|时常|(卒中|中风|脑梗死?|脑梗塞|脑出血|脑溢血|脑血栓)(以)?后|后遗症|多年|长期|慢性|一直"
                    + "|出院后|恢复期|康复|确诊|诊断为|医生说是|(做了|查了?)(ct|核磁|mri)"
                    + "|\\b(years?|months?|weeks?|days) ago\\b|\\blast (year|month|week)\\b|\\bhistory of\\b"
                    + "|\\bsince (the |his |her |my )?stroke\\b|\\bafter (a |the |his |her |my )?stroke\\b|\\bpost-?stroke\\b"
                    + "|\\bchronic\\b|\\bsurvivors?\\b|\\brehab");
    /** 「7天前大便时突然晕倒」: the sudden event is dated days or more ago. */
    private static final Pattern DATED_BACK = Pattern.compile(
            "(\\d+|几|两|三|四|五|六|七|八|九|十|多)(个)?(天|日|周|星期|月|年)(前|以前|之前)(的)?[^。？?]{0,10}(突然|突发|忽然)"
                    + "|(去年|前年|上个?月|上周|以前|曾经|之前)[^。？?]{0,6}(突然|突发|忽然)"
                    + "|\\b\\d+ (days|weeks|months|years) ago\\b");

    private SettingCues() {
    }

    /** A textbook or exam case, or an exam stem: whatever it describes happened to someone in a book. */
    public static boolean vignette(String folded) {
        return VIGNETTE.matcher(folded).find() || EXAM_STEM.matcher(folded).find();
    }

    /** The patient is in hospital now. */
    public static boolean inHospital(String folded) {
        return IN_HOSPITAL.matcher(folded).find();
    }

    /** Something is happening now or has just begun (and is not dated back days ago). */
    public static boolean now(String folded) {
        if (DATED_BACK.matcher(folded).find()) {
            return false;
        }
        return SUDDEN.matcher(folded).find() || (PRESENT.matcher(folded).find() && !PAST.matcher(folded).find());
    }

    /** A sudden event dated back days or more (「7天前突然晕倒」): a past event, not one happening now. */
    public static boolean datedBack(String folded) {
        return DATED_BACK.matcher(folded).find();
    }

    /** A past event or a lasting condition. */
    public static boolean past(String folded) {
        return PAST.matcher(folded).find() || DATED_BACK.matcher(folded).find() || PRESENT.matcher(folded).find();
    }
}
