package org.strokekg.rag;

import java.util.Locale;
import java.util.regex.Pattern;
import org.strokekg.text.TextNormalizer;

/**
 * What the few characters around an entity's name in a question say of it ({@link FrameReader} reads them for each
 * name of the stem): that it is denied (「无头痛」), the patient's past (「高血压病史10年」「脑血管病后遗症患者」), the
 * case's stated diagnosis (「诊断为短暂性脑缺血发作」), or, for a part of the brain, the site of a damage whose signs
 * are asked (「内囊损伤后表现」).
 */
final class MentionContext {

    /** Before a name: the case's stated diagnosis (「诊断为短暂性脑缺血发作」「因脑出血住院」「患中风1年」). */
    private static final Pattern STATED_BEFORE = Pattern.compile("(诊断为|诊断|确诊为?|考虑为|西医诊断为|中医诊断为|因|diagnosed with)\\s*$");
    /** Before a name: it is denied (「无头痛」「否认高血压」). */
    private static final Pattern NEGATED_BEFORE = Pattern.compile("(无|否认|未见|没有|不伴|未|非|排除|\\bno|\\bwithout|\\bdenies|\\bnot)\\s*$");
    /**
     * After a name: it is the patient's past, not what is asked (「高血压病史10年」「脑梗后」; in a case,
     * 「脑血管病后遗症患者」 is a patient living with the after-effects, while 「中风后遗症怎么治」 asks about them).
     */
    private static final Pattern HISTORY_AFTER = Pattern.compile("^\\s*(病史|史|多年|\\d+余?年|后遗症期?(患者|病人)|后(?!遗)|以后|之后|患者|病人|patients?\\b|survivors?\\b)");
    private static final Pattern HISTORY_BEFORE = Pattern.compile("(既往|既往有|患有|得过|曾患|曾有|history of|after (a |the |his |her |my )?|since (a |the |his |her |my )?)\\s*$");
    /** After a part of the brain: its damage (「内囊损伤」「丘脑病变」"internal capsule lesion"). */
    private static final Pattern DAMAGED_AFTER = Pattern.compile(
            "^\\s*(损伤|受损|损害|病变|病损|梗死|梗塞|出血|\\blesions?\\b|\\bdamage|\\binjur)");

    private MentionContext() {
    }

    /** Whether the words just before a name deny it. */
    static boolean denied(String before) {
        return NEGATED_BEFORE.matcher(before).find();
    }

    /** Whether the words around a name make it the patient's past. */
    static boolean past(String before, String after) {
        return HISTORY_AFTER.matcher(after).find() || HISTORY_BEFORE.matcher(before.toLowerCase(Locale.ROOT)).find();
    }

    /** Whether the words just before a name state it as the case's diagnosis. */
    static boolean stated(String before) {
        return STATED_BEFORE.matcher(before).find();
    }

    /** Whether a part of the body is named as the site of a damage (its signs then asked of it). */
    static boolean damagedSite(String type, String after) {
        return type.equals("BodyPart")
                && DAMAGED_AFTER.matcher(TextNormalizer.forMatching(after).toLowerCase(Locale.ROOT)).find();
    }
}
