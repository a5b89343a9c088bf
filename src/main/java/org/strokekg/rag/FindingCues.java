package org.strokekg.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.search.EntityMention;
import org.strokekg.text.MatchingText;
import org.strokekg.text.TextNormalizer;

/**
 * Findings as exam stems and case reports write them, read as the seed's symptom entities: 「颈部抵抗」「克氏征阳性」 are
 * the meningism the seed names 脑膜刺激征, 「突然头疼」 and "a severe occipital headache" the sudden severe headache it
 * names 剧烈头痛, 「意识丧失」 its 意识障碍, and a drooping eyelid with a dilated or unreactive pupil on the same side its
 * 动眼神经麻痹. A dictionary here rather than aliases in the seed, because a finding is often a phrase, not a name (「头、
 * 颈项部剧烈疼痛」), some are read only together (ptosis alone is myasthenia as often as a third-nerve palsy), and a
 * finding denied (「未见颈抵抗」「颈抵抗（-）」"no neck stiffness") must not be read at all, which an alias cannot say.
 * A span is read only into an entity the graph holds (linked by its name), and not again where that entity is linked
 * already; another entity linked over it (a crawl's 剧烈疼痛) does not stop it.
 */
final class FindingCues {

    /** One finding: the pattern over folded text, the seed symptom's name, and a second pattern that must also occur. */
    private record Cue(Pattern pattern, String name, Optional<Pattern> with) {
    }

    private static final List<Cue> CUES = new ArrayList<>();

    private static void cue(String name, String regex) {
        CUES.add(new Cue(Pattern.compile(regex), name, Optional.empty()));
    }

    static {
        cue("脑膜刺激征", "(颈(部|项)?(抵抗|强直)|脖子(发)?(硬|僵)|(克|凯)(氏|尼格|匿格|宁)征|布(氏|鲁津斯基|鲁金斯基)征|kernig(征)?|brudzinski(征)?)"
                + "(阳性|\\(\\+\\)|（\\+）|\\+)?"
                + "|\\b(stiff|rigid) neck\\b|\\bneck (stiffness|rigidity)\\b|\\bnuchal rigidity\\b|\\bmeningism(us)?\\b"
                + "|\\bmeningeal (signs?|irritation)\\b|\\bkernig\\b|\\bbrudzinski\\b");
        // a headache of sudden onset or stated severe: the thunderclap headache of the seed's 剧烈头痛, never any headache
        cue("剧烈头痛", "(剧烈|难以忍受|爆裂样|炸裂样|撕裂样)的?头(痛|疼)|头(痛|疼)(剧烈|难忍|欲裂)|头[、，,]?(颈项?部?)?[^，。；;]{0,3}剧烈?(疼痛|痛|疼)"
                + "|(突(然|发|感)|骤然)(出现)?(剧烈)?(的)?头(痛|疼)"
                + "|\\b(sudden|severe|worst|thunderclap|excruciating|explosive)\\b[^.,;]{0,30}\\bheadache"
                + "|\\bheadache\\b[^.;]{0,12}\\b(sudden|severe|worst)\\b");
        cue("意识障碍", "意识(丧失|模糊|朦胧|不清|障碍)|神志(不清|模糊|昏迷|朦胧)|昏睡|不省人事|深昏迷|浅昏迷"
                + "|\\bloss of consciousness\\b|\\b(lost|losing) consciousness\\b|\\bunconscious\\b|\\bunresponsive\\b"
                + "|\\bobtunded\\b|\\bstupor(ous)?\\b|\\bcomatose\\b");
        cue("恶心呕吐", "恶心|呕吐|\\bvomit(s|ing|ed)?\\b|\\bnausea\\b|\\bemesis\\b");
        cue("复视", "视物成双|视物重影|看东西重影|\\bdouble vision\\b|\\bdiplopia\\b");
        cue("吞咽障碍", "吞咽(困难|障碍|不能)|饮水呛咳|\\bdysphagia\\b|\\bdifficulty swallowing\\b");
        cue("偏瘫", "(左|右)侧?(上下)?肢(体)?(偏)?瘫|(左|右)侧(肢体)?(偏瘫|瘫痪)|半身不遂|\\bhemipar(esis|etic)\\b"
                + "|\\bhemipleg(ia|ic)\\b");
        cue("单侧肢体无力", "(左|右)侧(上|下)?肢(体)?(运动障碍|活动障碍|活动不利|无力|乏力)|\\b(left|right)-sided weakness\\b"
                + "|\\bweakness (of|in) the (left|right) (arm|leg|side)\\b");
        cue("言语不清", "口齿不清|言语(不清|含糊|不利)|语言不利|说话不清|\\bslurred speech\\b|\\bdysarthri(a|c)\\b");
        cue("记忆力下降", "记忆力?(减退|下降|差|变差|障碍)|近事遗忘|健忘|\\b(worsening|declining|poor|impaired) memory\\b"
                + "|\\bmemory (loss|decline|problems?|issues?|impairment|difficult\\w*|has worsened|worsen\\w*)\\b"
                + "|\\bdifficulty remembering\\b|\\bforgetful\\w*");
        cue("失语症", "失语|不能言语|\\baphasi(a|c)\\b");
        // a drooping eyelid with a dilated or unreactive pupil: a third-nerve palsy; either alone is not
        CUES.add(new Cue(Pattern.compile("(上)?睑下垂|眼睑下垂|\\bptosis\\b|\\bdroop(ing|y)? (upper )?eyelid"), "动眼神经麻痹",
                Optional.of(Pattern.compile("瞳孔(散大|扩大|直径)?[^，。；;]{0,4}(\\d|散大|扩大|不等)|(光|对光)反(射|应)(消失|迟钝)"
                        + "|\\b(dilated|blown|fixed|unreactive|nonreactive) pupil|\\bmydriasis\\b|\\bdown and out\\b"))));
    }

    /** Before a finding: it is denied (「无」「未见」「否认」"no", "without", "denies"). */
    private static final Pattern DENIED_BEFORE = Pattern.compile("(无(?!力|法|明显诱因)|未见|未(?!经)|否认|没有|不伴|排除)[^，。；;,.伴]{0,6}$"
            + "|\\b(no|without|denies|not)\\b(?![^.;,]*\\b(but|and)\\b)[^.;,]{0,24}$");
    /** After a finding: it is recorded as absent (「颈抵抗（-）」「克氏征阴性」). */
    private static final Pattern DENIED_AFTER = Pattern.compile("^\\s*(\\(\\s*-\\s*\\)|（\\s*-\\s*）|阴性|\\(?negative\\)?|is absent)");

    private FindingCues() {
    }

    /**
     * The findings of the stem [{@code from}, {@code to}) that no linked mention covers, each as a mention of the graph's
     * entity ({@code link} resolves a name to the graph's mentions of it; a name the graph does not hold is skipped).
     */
    static List<EntityMention> find(String text, int from, int to, List<EntityMention> linked,
                                    Function<String, List<EntityMention>> link) {
        MatchingText m = TextNormalizer.forMatchingWithOffsets(text.substring(from, to));
        String folded = m.text().toLowerCase(Locale.ROOT);
        List<EntityMention> out = new ArrayList<>();
        for (Cue c : CUES) {
            if (c.with().isPresent() && !c.with().get().matcher(folded).find()) {
                continue;
            }
            Matcher f = c.pattern().matcher(folded);
            while (f.find()) {
                if (DENIED_BEFORE.matcher(folded.substring(Math.max(0, f.start() - 8), f.start())).find()
                        || DENIED_AFTER.matcher(folded.substring(f.end())).find()) {
                    continue;
                }
                int s = from + m.originalStart(f.start());
                int e = from + m.originalEnd(f.end());
                if (out.stream().anyMatch(x -> s < x.end() && x.start() < e)) {
                    continue;
                }
                // the symptom itself, not another entity of the same name (a crawl's test or department)
                Optional<EntityMention> entity = link.apply(c.name()).stream()
                        .filter(x -> x.name().equals(c.name()) && FINDING_TYPES.contains(x.type())).findFirst();
                if (entity.isEmpty()) {
                    break; // the graph does not hold it
                }
                EntityMention x = entity.get();
                // linked already as this symptom (not by a near miss); linked as another entity (a crawl's 剧烈疼痛 inside 「头、颈项部剧烈疼痛」)
                // it is read as this one too
                if (linked.stream().anyMatch(l -> s < l.end() && l.start() < e && l.entityId().equals(x.entityId())
                        && l.how() != EntityMention.How.FUZZY)) {
                    continue;
                }
                out.add(new EntityMention(x.entityId(), x.type(), x.name(), text.substring(s, e), s, e,
                        EntityMention.How.ALIAS, 0.9));
            }
        }
        return out;
    }

    /** Whether the finding named at [start, end) of the text is denied there (「无头痛」「颈抵抗（-）」"no vomiting"). */
    static boolean denied(String text, int start, int end) {
        String before = TextNormalizer.forMatching(text.substring(Math.max(0, start - 8), start)).toLowerCase(Locale.ROOT);
        String after = TextNormalizer.forMatching(text.substring(end, Math.min(text.length(), end + 10)))
                .toLowerCase(Locale.ROOT);
        return DENIED_BEFORE.matcher(before).find() || DENIED_AFTER.matcher(after).find();
    }

    private static final java.util.Set<String> FINDING_TYPES = java.util.Set.of("Symptom", "Complication");

    /** Before a finding: the case's past (「既往有」「曾患」"history of"), not what it presents with now. */
    private static final Pattern PAST_BEFORE = Pattern.compile("(既往|既往有|患有|得过|曾患|曾有|\\bhistory of|\\bprior)\\s*$");
    /** After a finding: its history (「头痛病史」), not a finding now; 「头痛后昏迷」 is a sequence, not a past. */
    private static final Pattern PAST_AFTER = Pattern.compile("^\\s*(病史|史|多年|\\d+余?年)");
    /** At most this many findings are named in an answer's sentence. */
    static final int MAX_NAMED = 6;

    /**
     * The findings a case states: its symptoms and signs named in the stem, not denied, not its past, not an option,
     * not a near-miss match (a fuzzy 「觉丧失」 is no finding); one sign written twice is named as the case wrote each
     * (「颈部抵抗、克氏征阳性」), a word inside a longer one once (「深昏迷」, not 「昏迷、深昏迷」).
     */
    static List<Frame.Focus> stated(String text, List<EntityMention> inStem, List<Frame.Focus> options) {
        java.util.Set<String> optionIds = new java.util.HashSet<>(options.stream().map(Frame.Focus::id).toList());
        boolean english = org.strokekg.search.Retrieval.isEnglish(text);
        String sep = english ? ", " : "、";
        java.util.Map<String, List<String>> surfaces = new java.util.LinkedHashMap<>();
        java.util.Map<String, EntityMention> first = new java.util.HashMap<>();
        for (EntityMention m : inStem) {
            if (!FINDING_TYPES.contains(m.type()) || optionIds.contains(m.entityId())
                    || m.how() == EntityMention.How.FUZZY || denied(text, m.start(), m.end()) || past(text, m)) {
                continue;
            }
            String surface = m.surface().strip();
            List<String> had = surfaces.computeIfAbsent(m.entityId(), k -> new ArrayList<>());
            first.putIfAbsent(m.entityId(), m);
            String low = surface.toLowerCase(Locale.ROOT);
            if (had.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).contains(low))) {
                continue;
            }
            had.removeIf(h -> low.contains(h.toLowerCase(Locale.ROOT)));
            had.add(surface);
        }
        List<Frame.Focus> out = new ArrayList<>();
        surfaces.forEach((id, ss) -> {
            EntityMention m = first.get(id);
            out.add(new Frame.Focus(id, m.type(), m.name(), String.join(sep, ss)));
        });
        return out;
    }

    private static boolean past(String text, EntityMention m) {
        String before = text.substring(Math.max(0, m.start() - 12), m.start()).toLowerCase(Locale.ROOT);
        String after = text.substring(m.end(), Math.min(text.length(), m.end() + 6));
        return PAST_BEFORE.matcher(before).find() || PAST_AFTER.matcher(after).find();
    }
}
