package org.strokekg.rag;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.search.EntityMention;
import org.strokekg.text.TextNormalizer;

/**
 * What the few characters around an entity's name in a question say of it ({@link FrameReader} reads them for each
 * name of the stem): that it is denied (「无头痛」), the patient's past (「高血压病史10年」「脑血管病后遗症患者」), the
 * case's stated diagnosis (「诊断为短暂性脑缺血发作」), a relative's illness (「家族史：其父脑梗死」"family history of
 * stroke in her father"), or, for a part of the brain, the site of a damage whose signs are asked (「内囊损伤后表现」).
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
    /**
     * After a name: its patients in general, as an exam stem writes them (「脑出血患者一般不会出现」「脑梗死患者最常见的
     * 症状」「脑出血病人可出现的体征」), or its complications (「脑卒中后哪种并发症」「中风后常见的并发症」): the condition is
     * what the question is about, not a past illness beside what it asks (「高血压患者突发头痛」 keeps its history).
     * Read on the few characters after the name only, so a longer adverb (「一般不可能出现」) may be cut short: 出 alone counts.
     */
    private static final Pattern ABOUT_AFTER = Pattern.compile(
            "^\\s*(患者|病人)((一般|通常|常常?|大多|多数|多|最常?|均|都|很少|较少)(会|可能|可|能)?(不|没有)?(会|可能|可|能)?"
            + "|(会|可能|可)?(不|没有)(会|可能|可|能)?|可能?)(出现?|见|表现|发生|伴)|^\\s*(患者|病人)的?(典型|常见|主要|首发|早期|最常见的?)?(临床)?(症状|表现|体征|特点|特征)"
            + "|^\\s*(以|之)?后的?[^，,。？?]{0,6}并(发|$)|^\\s*(以|之)?后[^，,。？?]{0,4}(哪|何)(一)?(种|些|个|类)(并|$)");
    private static final Pattern HISTORY_BEFORE = Pattern.compile("(既往|既往有|患有|得过|曾患|曾有|history of|after (a |the |his |her |my )?|since (a |the |his |her |my )?)\\s*$");
    /** After a part of the brain: its damage (「内囊损伤」「丘脑病变」"internal capsule lesion"). */
    private static final Pattern DAMAGED_AFTER = Pattern.compile(
            "^\\s*(损伤|受损|损害|病变|病损|梗死|梗塞|出血|\\blesions?\\b|\\bdamage|\\binjur)");

    /** A sentence that tells the family history: whatever it names is a relative's, not the patient's. */
    private static final Pattern FAMILY_HISTORY = Pattern.compile("家族史|家族中|家族成员|家族里|\\bfamily (medical )?history\\b"
            + "|\\bfamilial history\\b|\\bfamily hx\\b");
    /**
     * The patient's relative, said as the case's (其父, 患者母亲, "her father"): not the asker's own (「我父亲中风了」
     * "my father had a stroke" asks about the father, who is then the patient).
     */
    private static final String KIN_ZH = "(父亲|母亲|父母|祖父|祖母|爷爷|奶奶|外公|外婆|哥哥|姐姐|弟弟|妹妹|兄弟|姐妹|兄|姐|弟|妹|父|母|子女|儿子|女儿|亲属)";
    private static final String KIN_EN = "(father|mother|parents?|brothers?|sisters?|siblings?|grandfather|grandmother"
            + "|grandparents?|uncles?|aunts?|cousins?|twin)";
    private static final Pattern KIN_BEFORE_ZH = Pattern.compile("(其|患者的?|病人的?)" + KIN_ZH
            + "(曾|既往|也)?(患有|患过|患|有|死于|因|得过)[^，,。；;]{0,3}$");
    private static final Pattern KIN_BEFORE_EN = Pattern.compile("\\b(his|her|their|the patient's|patient's) " + KIN_EN
            + "('s)?\\s+(had|has had|has|died (of|from)|suffered( from)?|was diagnosed with|with|developed)( an?)?\\s*$");
    private static final Pattern KIN_AFTER_EN = Pattern.compile("^\\s*(in|of|from) (his|her|their|the patient's|patient's) "
            + KIN_EN + "\\b");
    /**
     * Where a sentence ends, for the family-history reading: one character each (a full stop only where a space or the
     * text's end follows, looked at, not taken), so the last end before a name is found in one forward scan.
     */
    private static final Pattern SENTENCE_END = Pattern.compile("[。；;！!？?\\n]|\\.(?=\\s|$)");

    private MentionContext() {
    }

    /** Whether the words just before a name deny it. */
    static boolean denied(String before) {
        return NEGATED_BEFORE.matcher(before).find();
    }

    /** Whether the words around a name make it the patient's past. */
    static boolean past(String before, String after) {
        if (ABOUT_AFTER.matcher(after).find() && !HISTORY_BEFORE.matcher(before.toLowerCase(Locale.ROOT)).find()) {
            return false; // 「脑出血患者一般不会出现的症状是」: the disease the item is about
        }
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

    /**
     * Whether a name in the stem cannot be what the question is about: a relative's illness ({@link #relative}), or, in
     * a case told in English, a single word that only nearly names an entity ("difficulty" for speech difficulty,
     * "examination" for fundus examination, "hemoglobin" for glycated hemoglobin): an exam case is written without
     * typos, so such a word is the general half of another name, and a case answered from it answers something else.
     */
    static boolean notAFocus(String text, EntityMention m, boolean aCase) {
        if (aCase && m.how() == EntityMention.How.FUZZY && !m.surface().strip().contains(" ")
                && m.surface().chars().allMatch(c -> c < 128)) {
            return true;
        }
        if (aCase && (comorbidity(text, m.start(), m.end()) || m.type().equals("Examination")
                && SCAN_RESULT.matcher(text.substring(m.end(), Math.min(text.length(), m.end() + 24))
                .toLowerCase(Locale.ROOT)).find())) {
            return true; // a condition lived with, a scan whose result the case states: context, not what is asked
        }
        return relative(text, m.start(), m.end(), aCase);
    }

    /**
     * The opening of an English case: "a 62-year-old man with (a history of) …", up to the name.
     */
    private static final Pattern CASE_OPENING = Pattern.compile(
            "\\b\\d{1,3}-(year|month)-old (man|woman|male|female|patient|boy|girl|lady|gentleman) with "
            + "(a (long |long-standing |known )?history of |known |long-standing |longstanding |poorly controlled |treated )?"
            + "[^.;?]{0,40}$");
    /**
     * After a test's name: the case states its result (「CT示」「MRI显示」"CT shows", "MRI of the brain reveals", "is
     * normal"); the result is context for the question asked, not the test asked about.
     */
    private static final Pattern SCAN_RESULT = Pattern.compile(
            "^\\s*(检查)?(示|显示|提示|见|可见|发现|结果)|^\\s*(scan )?(of the (head|brain) )?(shows|showed|reveals|revealed"
            + "|demonstrates|demonstrated|is normal|was normal|is unremarkable|was unremarkable)\\b");
    /** What a case's opening sentence goes on to: the acute event it is about. */
    private static final Pattern ACUTE_EVENT = Pattern.compile(
            "\\b(develops|developed|presents|presented|is brought|was brought|collapses|collapsed|suddenly|sudden|wakes up"
            + "|woke up|complains)\\b");

    /**
     * Whether a name is a condition the patient of an English case lives with, named in its opening before the acute
     * event the case is about ("a 62-year-old man with hypertension develops sudden left hemiplegia"): background,
     * like 「高血压病史」, not what its question asks (whose treatment would answer another question).
     */
    static boolean comorbidity(String text, int start, int end) {
        int from = start;
        while (from > 0 && !SENTENCE_END.matcher(text.substring(from - 1, Math.min(text.length(), from + 1))).lookingAt()) {
            from--;
        }
        Matcher stop = SENTENCE_END.matcher(text);
        int to = stop.find(end) ? stop.start() : text.length();
        String before = text.substring(from, start).toLowerCase(Locale.ROOT);
        String after = text.substring(end, to).toLowerCase(Locale.ROOT);
        return CASE_OPENING.matcher(before).find() && ACUTE_EVENT.matcher(after).find();
    }

    /**
     * Whether a name in the stem is a relative's illness: its sentence tells the family history, or the patient's
     * relative is said to have had it (「其父患脑梗死」"her father had a stroke", "a stroke in her father"). Such a
     * name is neither the focus nor the patient's history: a case asking about a woman's shoulder pain is not about the
     * stroke her father had. The family-history sentence counts only in a case ({@code aCase}): "does a family history
     * of stroke raise my risk?" asks about stroke.
     */
    static boolean relative(String text, int start, int end, boolean aCase) {
        // the sentence runs from just after the last end before the name to the first end after it
        Matcher ends = SENTENCE_END.matcher(text).region(0, start).useTransparentBounds(true).useAnchoringBounds(false);
        int from = 0;
        while (ends.find()) {
            from = ends.end();
        }
        Matcher stop = SENTENCE_END.matcher(text);
        int to = stop.find(end) ? stop.start() : text.length();
        String before = text.substring(from, start).toLowerCase(Locale.ROOT);
        if (aCase && FAMILY_HISTORY.matcher(before).find()) {
            return true; // "family history is significant for X"; not "she has X and a family history of…"
        }
        String after = text.substring(end, Math.min(to, end + 30)).toLowerCase(Locale.ROOT);
        if (aCase && FAMILY_HISTORY.matcher(text.substring(start, end).toLowerCase(Locale.ROOT)).find()
                && after.matches("^\\s*[：:].*")) {
            return true; // 「家族史：」 "Family history:" heads a part of the case; it asks nothing
        }
        return KIN_BEFORE_ZH.matcher(before).find() || KIN_BEFORE_EN.matcher(before).find()
                || KIN_AFTER_EN.matcher(after).find();
    }
}
