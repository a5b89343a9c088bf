package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;
import org.strokekg.text.TextNormalizer;

/**
 * The passage sentences that answer a frame: about the focus (they name it, or their passage is about it) and saying
 * something of the aspect asked (a treatment sentence has words of treating, a driving sentence words of driving:
 * 「不要自己开车送医」 is about the way to hospital, not about driving after a stroke). Each keeps its subject: a
 * sentence that does not name what it is about is quoted with it (「短暂性脑缺血发作：如果症状在24小时内完全消失，
 * 这很可能是TIA」), so it never reads as a statement about the asker.
 */
final class PassageQuotes {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？!?])|(?<=\\.)\\s+");
    private static final int MAX_SENTENCE = 160;
    private static final int MAX_PER_PASSAGE = 2;
    /**
     * Openings that point back to something earlier in the passage (「其中任何一项」「这很可能是」「无论是哪种」): out
     * of their passage they say nothing checkable, or read as a statement about the asker.
     */
    private static final Pattern ANAPHORIC = Pattern.compile("^(其中|其|这些|这种|这样|这|该|此|上述|以上|它们?|他们|前者|后者"
            + "|无论(是)?哪|两者|二者|因此|所以|但是?|而且?|另外|此外|同时|如果是这样|(this|these|that|those|it|they|such|both"
            + "|either|however|therefore|thus|so)\\b)");
    static final Pattern CHILD_WORDS = Pattern.compile("儿童|小儿|婴|新生儿|青少年|患儿|\\bchild|\\binfan|\\bpediatric|\\bpaediatric|\\bnewborn|\\bneonat");
    private static final Pattern ADULT_FIGURE = Pattern.compile("mmhg|\\d\\s*mg|mmol|mg/kg|\\d+\\s*(毫克|克)");

    /** Words a sentence that answers the aspect uses (folded). */
    private static final Map<Aspect, Pattern> SAYS = new EnumMap<>(Aspect.class);
    /** Words of the daily-life activities whose sentences belong to their own questions. */
    private static final Pattern ACTIVITY_WORDS = Pattern.compile("驾驶|开车|驾照|dvla|性生活|性功能|夫妻生活|复工|重返工作|乘飞机|坐飞机"
            + "|\\bdriv(e|er|ers|ing)\\b|\\bsex(ual)?\\b|\\bflying\\b|\\bair travel\\b|\\breturn(ing)? to work\\b");
    /** For daily life, the words of each activity; specific, so a passing mention does not count. */
    private static final Map<String, Pattern> TOPIC = Map.ofEntries(
            Map.entry("work", Pattern.compile("(恢复|重返|回到|返回)(工作|岗位)|复工|上班|职业康复|return(ing)? to work|employment")),
            Map.entry("driving", Pattern.compile("(恢复|重新|能否|可以|何时)(驾驶|开车)|驾驶(能力|评估|安全)|驾照|driv(ing|e) again|return(ing)? to driving|fitness to drive")),
            Map.entry("sex", Pattern.compile("性生活|性功能|夫妻生活|同房|sexual|intercourse")),
            Map.entry("travel", Pattern.compile("旅行|旅游|乘飞机|坐飞机|长途|高原|air travel|flying|long-haul|travel")),
            Map.entry("exercise", Pattern.compile("运动|锻炼|步行|有氧|physical activity|exercise")),
            Map.entry("bathing", Pattern.compile("洗澡|沐浴|浴室|淋浴|bath|shower")),
            Map.entry("alcohol", Pattern.compile("饮酒|喝酒|酒精|alcohol")),
            Map.entry("smoking", Pattern.compile("吸烟|戒烟|smok")),
            Map.entry("pregnancy", Pattern.compile("怀孕|妊娠|孕期|生育|pregnan")),
            Map.entry(AspectCues.RESEARCH_TOPIC, Pattern.compile("临床试验|随机对照|荟萃分析|研究(显示|表明|发现)|\\btrials?\\b"
                    + "|\\brandomi[sz]ed\\b|\\bmeta-analys|\\bstud(y|ies) (show|found|suggest)")),
            Map.entry("genetic", Pattern.compile("遗传|基因|家族|突变|\\bhereditar|\\binherit|\\bgene|\\bfamil|\\bmutation")),
            Map.entry("purpose", Pattern.compile("目的|为了|用于|可(以)?(降低|减少|预防|改善|发现|评估)|能(降低|减少|预防|改善|发现)|作用|\\bto (reduce|prevent|detect|improve|lower)|\\bpurpose|\\bused (to|for)")),
            Map.entry("location", Pattern.compile("部位|位于|发生于|多见于|好发|基底节|丘脑|脑干|小脑|脑叶|内囊|皮质|\\blocat|\\bregion")),
            Map.entry("frequency", Pattern.compile("发病率|患病率|每年|约占|\\d+%|万人|\\bincidence|\\bprevalence|\\bper \\d|\\baffects? (about|around|approximately)")));

    static {
        SAYS.put(Aspect.DEFINITION, Pattern.compile("是[^。]{0,30}(的|一种|一组)|指|俗称|又称|称为|分为|包括|\\bis an?\\b|\\brefers to\\b|\\bmeans\\b"));
        SAYS.put(Aspect.CAUSE, Pattern.compile("(?<!无明确)原因|病因|引起|导致|由于|因为|所致|诱发|造成|继发|\\bcaus|\\bdue to\\b|\\bresult"));
        SAYS.put(Aspect.RISK, Pattern.compile("危险因素|风险|增加|易患|高危|\\brisk\\b"));
        SAYS.put(Aspect.SYMPTOMS, Pattern.compile("表现|症状|可出现|出现[^。]{0,6}(无力|麻木|疼|痛|障碍|不清|困难)|可有|伴有|体征|征象|\\bsymptom|\\bsigns?\\b|\\bpresent"));
        SAYS.put(Aspect.TESTS, Pattern.compile("检查|\\bct\\b|mri|核磁|评估|量表|评分|诊断|化验|造影|超声|监测|指标|\\binr\\b|aptt|\\btest|\\bscan|\\bimaging|diagnos|assess|\\bmonitor"));
        SAYS.put(Aspect.DIFFERENTIAL, Pattern.compile("鉴别|区别|不同于|误认为|误诊|提示|考虑|distinguish|differ|mistaken"));
        SAYS.put(Aspect.TREATMENT, Pattern.compile("治疗|采用|给予|手术|药物治疗|用药|服药|溶栓|取栓|注射|疗法|处理|牵伸|矫形|支具|\\btreat|\\btherap|\\bsurg|\\bmanage"));
        SAYS.put(Aspect.DRUGS, Pattern.compile("药|剂量|服用|口服|每日|mg|\\bdrug|\\bmedic|\\bdose"));
        SAYS.put(Aspect.PREVENTION, Pattern.compile("预防|避免|复发|控制|降低|戒烟|\\bprevent|\\brecurren|\\breduc"));
        SAYS.put(Aspect.PROGNOSIS, Pattern.compile("预后|恢复|好转|死亡|致残|残疾|痊愈|后遗|复发率|生存|黄金期|平台期|\\boutlook|\\bprognos|\\brecover|\\bsurviv|\\bdisabilit"));
        SAYS.put(Aspect.REHABILITATION, Pattern.compile("康复|训练|练习|锻炼|治疗师|功能|\\brehab|\\btrain|\\bexercis|\\btherap"));
        SAYS.put(Aspect.CARE, Pattern.compile("护理|照顾|照护|注意|翻身|家属|协助|防止|避免|\\bcare|\\bcaregiver|\\bnurs"));
        SAYS.put(Aspect.DIET, Pattern.compile("饮食|食物|吃|喝|盐|油|蔬菜|水果|进食|营养|\\bdiet|\\bfood|\\beat|\\bsalt"));
        SAYS.put(Aspect.WHAT_TO_DO_NOW, Pattern.compile("立即|马上|拨打|120|急救|送医|记下|时间|不要|\\bcall\\b|\\bimmediately\\b|\\bemergency"));
        SAYS.put(Aspect.DEPARTMENT, Pattern.compile("科|门诊|医院|专科|\\bdepartment|\\bclinic|\\bspecialist"));
        SAYS.put(Aspect.COMPARISON, Pattern.compile("区别|不同|而|相比|更|但|\\bwhereas\\b|\\bunlike\\b|\\bcompared\\b"));
        SAYS.put(Aspect.RELATION, Pattern.compile("引起|导致|增加|危险因素|风险|相关|关系|\\bcaus|\\brisk|\\bassociat"));
        SAYS.put(Aspect.OVERVIEW, Pattern.compile("."));
    }

    private PassageQuotes() {
    }

    /** A sentence that may be quoted, with its score. */
    private record Candidate(PassageHit hit, String sentence, double score, Aspect aspect, String subject) {
    }

    /**
     * The sentences to quote for each aspect of the frame: at most {@code max} in all and two per passage, best first.
     *
     * @param focus  the focus entity (its names decide what a sentence is about), when the question has one
     */
    static List<Quote> select(Frame frame, Optional<Entity> focus, List<Entity> others, String question,
                              List<Entity> linked, List<PassageHit> hits, int max,
                              java.util.function.Function<String, List<String>> names) {
        if (hits.isEmpty() || max == 0) {
            return List.of();
        }
        Set<String> focusKeys = focus.map(PassageQuotes::keys).orElse(Set.of());
        Set<String> otherKeys = new LinkedHashSet<>();
        others.forEach(o -> otherKeys.addAll(keys(o)));
        Relevance relevance = new Relevance(question, linked);
        // a passage about stroke patients says nothing of an asker who has no stroke (LeftOut)
        boolean strokeAsked = LeftOut.strokeAsked(question, linked);
        boolean medical = LeftOut.medicalAsked(question);

        List<Candidate> candidates = new ArrayList<>();
        // a relation asked of one thing is asked as its causes: "related to what" is no aspect of its own (LeftOut)
        List<Aspect> aspects = frame.aspects().stream().filter(a -> a != Aspect.RELATION || !others.isEmpty()
                || a == frame.aspect()).toList();
        for (PassageHit hit : hits) {
            if (!PassagePopulation.fits(hit.doc(), frame, question)) {
                continue;
            }
            boolean aboutFocus = focus.isPresent() && hit.doc().entityIds().contains(focus.get().id());
            String subject = aboutFocus ? focus.get().name() : title(hit);
            // the names of the other things the passage is about: a sentence opening with one of them is about it
            Set<String> passageOthers = new LinkedHashSet<>();
            for (String id : hit.doc().entityIds()) {
                if (focus.isEmpty() || !id.equals(focus.get().id())) {
                    names.apply(id).stream().filter(k -> k.length() >= 2).forEach(passageOthers::add);
                }
            }
            passageOthers.removeAll(focusKeys);
            Whole whole = new Whole(hit.doc());
            for (String raw : SENTENCE_END.split(hit.doc().text())) {
                String s = raw.strip();
                boolean englishText = PassageDoc.EN.equals(hit.doc().lang());
                int longest = englishText ? 3 * MAX_SENTENCE : MAX_SENTENCE;
                if (s.length() < 8 || s.length() > longest) {
                    continue;
                }
                String folded = TextNormalizer.forMatching(s);
                if (ANAPHORIC.matcher(folded).find()) {
                    continue;
                }
                boolean namesFocus = focusKeys.stream().anyMatch(folded::contains);
                boolean namesOther = otherKeys.stream().anyMatch(folded::contains);
                if (focus.isPresent() && !namesFocus) {
                    // a sentence of a passage about the focus that does not name it: only if it is about nothing else
                    String opening = folded.substring(0, Math.min(folded.length(), 8));
                    if (!aboutFocus || hit.doc().entityIds().size() > 3
                            || passageOthers.stream().anyMatch(opening::contains)) {
                        continue;
                    }
                }
                if (focus.isPresent() && namesFocus && !aboutFocus && focusKeys.stream()
                        .mapToInt(folded::indexOf).filter(i -> i >= 0).min().orElse(999) > (englishText ? 60 : 20)) {
                    continue; // named deep in a sentence about something else (「其他原因包括…脑动静脉畸形…」)
                }
                if (NamedIntervention.asked(frame) && !namesOther) {
                    continue; // a question about one drug for a condition: sentences about that drug
                }
                if (!others.isEmpty() && frame.aspect() == Aspect.RELATION && !(namesFocus && namesOther)) {
                    continue;
                }
                if (frame.patient().young() && (ADULT_FIGURE.matcher(folded).find() || !whole.namesChildren())) {
                    continue; // adult targets and doses, and passages about adults, say nothing true of a child
                }
                if (bleedingRisk(frame) && Cautions.ANTITHROMBOTIC.matcher(folded).find()) {
                    continue; // an antithrombotic for a patient who bleeds is only a caution, and the facts say it
                }
                if (!strokeAsked && LeftOut.aboutStroke(folded, focusKeys, englishText)) {
                    continue; // 「卒中后继续吸烟会增加复发风险」 for a smoker with cirrhosis
                }
                if (!strokeAsked && focusKeys.stream().mapToInt(folded::indexOf).filter(i -> i >= 0).min()
                        .orElse(999) > (englishText ? 40 : 12) && whole.aboutStroke()) {
                    continue; // a stroke passage's advice that does not open with the focus: for stroke patients
                }
                if (medical && LeftOut.SURGICAL.matcher(folded).find()) {
                    continue; // the medical treatment asked: an operation's indications answer another question
                }
                double overlap = relevance.score(folded);
                boolean firstSteps = frame.aspect() == Aspect.WHAT_TO_DO_NOW && says(Aspect.WHAT_TO_DO_NOW,
                        Optional.empty(), folded) >= 2;
                if (focus.isEmpty() && (overlap == 0 || frame.setting() == Frame.Setting.VIGNETTE) && !firstSteps) {
                    continue; // a case about nothing the graph holds: shared words ("symptoms", "speech") are no topic
                }
                if (!aspects.contains(Aspect.DAILY_LIFE) && ACTIVITY_WORDS.matcher(folded).find()) {
                    continue; // a sentence on driving or sex after a stroke answers that, not the outlook or the treatment
                }
                Aspect best = null;
                int bestSays = 0;
                int bestIndex = 0;
                String topicText = frame.topic().isPresent()
                        ? unnamed(unnamed(folded, focusKeys), passageOthers) : folded;
                for (int i = 0; i < aspects.size(); i++) {
                    // a sentence about the very drug or method asked for the focus answers it whatever its words
                    int says = Math.max(says(aspects.get(i), frame.topic(), topicText),
                            i == 0 && namesOther && NamedIntervention.asked(frame) ? 1 : 0);
                    if (says > bestSays) {
                        best = aspects.get(i);
                        bestSays = says;
                        bestIndex = i;
                    }
                }
                if (best != null && best != Aspect.DEFINITION && best != Aspect.OVERVIEW && best != Aspect.TCM
                        && !aspects.contains(Aspect.DEFINITION) && focus.filter(f -> CONDITION_TYPES.contains(f.type()))
                        .isPresent() && definesFocus(folded, focusKeys)) {
                    continue; // 「TIA俗称“小中风”，是…引起的…」 says what it is, not its causes: asked of another aspect
                }
                if (best == null || LeftOut.whatFollows(folded, focusKeys, best, best == frame.aspect()
                        ? frame.direction() : Frame.Direction.TO_FOCUS)) {
                    continue; // 「X后…引起脑积水，表现为…」: what follows X, not its causes or signs
                }
                double score = Math.min(bestSays, 3) + (namesFocus ? 1.5 : 0) + (namesOther ? 1 : 0) + overlap
                        - 0.5 * bestIndex + (Provenance.curated(hit.doc()) ? 0.5 : 0);
                candidates.add(new Candidate(hit, s, score, best, subject));
            }
        }
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Quote> out = new ArrayList<>();
        Set<String> said = new LinkedHashSet<>();
        Map<String, Integer> perPassage = new java.util.HashMap<>();
        int total = 0;
        for (Candidate c : candidates) {
            if (total >= max) {
                break;
            }
            String id = c.hit().doc().id();
            if (perPassage.getOrDefault(id, 0) >= MAX_PER_PASSAGE || !said.add(TextNormalizer.forMatching(c.sentence()))) {
                continue;
            }
            perPassage.merge(id, 1, Integer::sum);
            total++;
            String sentence = PromptBuilder.defuse(c.sentence());
            boolean english = PassageDoc.EN.equals(c.hit().doc().lang());
            Optional<Quote> same = out.stream().filter(q -> q.doc().id().equals(id) && q.aspect() == c.aspect()).findFirst();
            if (same.isPresent()) {
                Quote q = same.get();
                List<String> sentences = new ArrayList<>(q.sentences());
                sentences.add(sentence);
                out.set(out.indexOf(q), new Quote(q.doc(), sentences, q.subject(), q.aspect(), q.english()));
            } else {
                out.add(new Quote(c.hit().doc(), List.of(sentence), subjectFor(c, focusKeys), c.aspect(), english));
            }
        }
        return out;
    }

    /** A condition's definition says what it is; a drug's (「…是一种中药注射剂，主治…」) also says what it treats. */
    private static final Set<String> CONDITION_TYPES = Set.of("Disease", "Complication", "Symptom");
    /** After the focus's name (and a bracketed alias), the words that open a definition of it. */
    private static final Pattern DEFINES = Pattern.compile(
            "^\\s*([（(][^）)]{0,20}[）)])?\\s*(俗称|又称|也称|简称|是指|指的是|是一种|是一组|是一类|是一侧"
                    + "|(is|are) (a|an|the) (group|kind|type|form|condition|disease|disorder|syndrome)\\b|refers to\\b)");

    /** Whether the sentence opens with the focus and defines it (「偏瘫（半身不遂）是一侧上下肢的瘫痪…」). */
    static boolean definesFocus(String folded, Set<String> focusKeys) {
        for (String k : focusKeys) {
            if (folded.startsWith(k) && DEFINES.matcher(folded.substring(k.length())).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a passage says as a whole, read at most once for it however many of its sentences ask: folding and scanning
     * its whole text again for each sentence took a tenth of a repeated answer's CPU where unreviewed passages are
     * quoted (JFR profile, docs/benchmarks.md, 2026-12-07).
     */
    private static final class Whole {

        private final PassageDoc doc;
        private Boolean aboutStroke;    // null: not read yet
        private Boolean namesChildren;  // null: not read yet

        Whole(PassageDoc doc) {
            this.doc = doc;
        }

        /** {@link LeftOut#strokePassage}: its title or text names a stroke. */
        boolean aboutStroke() {
            if (aboutStroke == null) {
                aboutStroke = LeftOut.strokePassage(doc);
            }
            return aboutStroke;
        }

        /** Its title or text names children: a passage that may be quoted for a child. */
        boolean namesChildren() {
            if (namesChildren == null) {
                namesChildren = CHILD_WORDS.matcher(TextNormalizer.forMatching(doc.title() + doc.text())).find();
            }
            return namesChildren;
        }
    }

    private static boolean bleedingRisk(Frame frame) {
        return frame.patient().cautions().stream().anyMatch(c -> c == Frame.Caution.BLEEDING
                || c == Frame.Caution.LOW_PLATELETS || c == Frame.Caution.ANTICOAGULATED);
    }

    /** How strongly a sentence speaks of the aspect: its words of the aspect, counted; the activity of daily life counts 3. */
    private static int says(Aspect aspect, Optional<String> topic, String folded) {
        if (topic.isPresent() && TOPIC.containsKey(topic.get())) {
            return TOPIC.get(topic.get()).matcher(folded).find() ? 3 : 0;
        }
        Pattern p = SAYS.get(aspect);
        if (p == null) {
            return 0;
        }
        java.util.regex.Matcher m = p.matcher(folded);
        Set<String> words = new java.util.HashSet<>();
        while (m.find()) {
            words.add(m.group());
        }
        return words.size();
    }

    /** The subject to say with a sentence: none when the sentence names the focus itself. */
    private static String subjectFor(Candidate c, Set<String> focusKeys) {
        String folded = TextNormalizer.forMatching(c.sentence());
        if (focusKeys.stream().anyMatch(folded::contains)) {
            return "";
        }
        String subject = TextNormalizer.forMatching(c.subject());
        return folded.startsWith(subject) ? "" : c.subject();
    }

    private static String title(PassageHit hit) {
        String t = hit.doc().title().strip();
        return t.isEmpty() ? hit.doc().source() : t.replaceAll("[。.：:？?]+$", "");
    }

    /**
     * The sentence without the names of what it is about (the focus, the passage's other entities), for the topic
     * words: 「遗传性脑淀粉样血管病」 or "familial hemiplegic migraine" names a condition, it does not say how it is
     * inherited.
     */
    private static String unnamed(String folded, Set<String> focusKeys) {
        String out = folded;
        for (String k : focusKeys.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(k, " ");
        }
        return out;
    }

    static Set<String> keys(Entity e) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(TextNormalizer.forMatching(e.name()));
        e.aliases().forEach(a -> keys.add(TextNormalizer.forMatching(a)));
        keys.removeIf(k -> k.length() < 2 || (k.length() < 4 && k.chars().allMatch(ch -> ch < 128)));
        return keys;
    }
}
