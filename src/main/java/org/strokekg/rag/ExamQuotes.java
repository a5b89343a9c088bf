package org.strokekg.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;
import org.strokekg.text.TextNormalizer;

/**
 * The passage sentences that answer a lesion-site or a TCM question. Such a question is decided by its findings, not
 * by the entity it names: the crossed paralysis with an oculomotor palsy of a case points to the sentence on Weber
 * syndrome, the tongue coating and pulse of a TCM case to the sentence on its pattern. So a sentence is chosen by the
 * case's own words it shares, each weighted by how rare it is among the candidates (「中风」 or 「病变」 tell nothing
 * apart), and it must say what is asked: a site (病变位于、提示病变在) or a TCM pattern, principle or formula. TCM
 * passages answer TCM questions only, and only they do; a TCM sentence never reaches a Western answer.
 */
final class ExamQuotes {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？!?])|(?<=\\.)\\s+(?=[A-Z])");
    private static final int MAX_SENTENCE_ZH = 220;
    private static final int MAX_SENTENCE_EN = 700;
    private static final int MAX_PER_PASSAGE = 2;
    /** A stem about wind-stroke (folded: simplified script, lower case). */
    private static final Pattern STROKE_WORDS = Pattern.compile("中风|卒中|脑梗|脑出血|偏瘫|半身不遂|口眼歪斜|口舌歪斜"
            + "|舌强|语言謇涩|言语謇涩|昏仆|中经络|中脏腑|闭证|脱证|\\bstroke|hemipleg|wind-stroke");
    /** Clouded consciousness in a stem: 中脏腑. */
    private static final Pattern CLOUDED = Pattern.compile("神昏|昏迷|不省人事|神志不清|神志昏|意识障碍|意识不清|昏仆|昏蒙"
            + "|嗜睡|中脏腑|闭证|脱证|unconscious|coma");
    /** Clear consciousness stated in a stem: 中经络. */
    private static final Pattern CLEAR = Pattern.compile("神志清|神清|意识清|神识清|中经络|conscious and|alert");
    /** Sentences kept per aspect: the answer is the site or the pattern, said shortly. */
    private static final int MAX_PER_ASPECT = 3;
    /** A sentence far below the best one answers another case. */
    private static final double BELOW_BEST = 0.6;

    /** Words of a sentence that says where a lesion is (folded). */
    private static final Pattern SAYS_SITE = Pattern.compile("病变|病灶|损害|受损|受累|累及|闭塞|位于|部位|见于|破裂"
            + "|\\blesion\\b|\\bpoints? to\\b|\\bocclusion\\b|\\blies in\\b|\\bdamage to\\b|\\baffects?\\b|\\brupture");
    /** Words of a sentence that names a vessel, a tract or an imaging appearance, for a question asking it. */
    private static final Map<String, Pattern> SAYS_ANATOMY = Map.of(
            ExamCues.VESSEL, Pattern.compile("动脉|血管|\\barter(y|ies)\\b|\\bvessels?\\b"),
            ExamCues.TRACT, Pattern.compile("束|纤维|\\btracts?\\b|\\bfib(re|er)s\\b"),
            ExamCues.IMAGING, Pattern.compile("密度|\\b(hyper|hypo|iso)dens|\\bdensity\\b"));
    /**
     * What the question asks in so many words, and the words of a sentence that says it: a sentence giving the
     * 代表方 answers 「代表方是什么」 better than one that lists the patterns.
     */
    private static final List<Pattern[]> ECHO = List.of(
            new Pattern[] {Pattern.compile("治法|治则|如何治|\\btreat"), Pattern.compile("治法|治以|\\btreated by|\\bprinciple is")},
            new Pattern[] {Pattern.compile("代表方|方剂|主方|选方|方药|\\bformula"), Pattern.compile("代表方|\\bformula is")},
            new Pattern[] {Pattern.compile("证型|辨证|何证|什么证|哪.证|\\bpattern"),
                Pattern.compile("证(表现为|即)|证型有|\\bpattern (shows|is)|\\bcommon patterns")},
            new Pattern[] {Pattern.compile("中经络|中脏腑|\\bchannels?\\b|\\borgans?\\b"), Pattern.compile("分为中经络和中脏腑|\\bdivided by")},
            new Pattern[] {Pattern.compile("药|\\bdrug|\\bmedicin|\\bpill"), Pattern.compile("丸|丹|\\bpill|\\bdan\\b|牛黄|\\bniuhuang")},
            new Pattern[] {Pattern.compile("区别|鉴别|不同|\\bdiffer|\\bdistinguish"), Pattern.compile("属实|属虚|分为|\\bexcess|\\bdeficiency|\\bdivided")},
            new Pattern[] {Pattern.compile("血管|动脉|\\bartery|\\bvessel"), Pattern.compile("动脉|\\bartery")},
            new Pattern[] {Pattern.compile("破裂|\\bruptur"), Pattern.compile("破裂|\\bruptur")},
            new Pattern[] {Pattern.compile("传导束|损伤了|\\btract"), Pattern.compile("束|\\btract")},
            new Pattern[] {Pattern.compile("\\bct\\b|密度|影像|\\bdens"), Pattern.compile("密度|\\bdens")});
    /** Words of a sentence that says a TCM pattern, principle, formula or a TCM drug's use (folded). */
    private static final Pattern SAYS_TCM = Pattern.compile("证|治法|治以|代表方|方为|开窍|功效|功能|主治|用于|慎用|不宜"
            + "|\\bpattern\\b|\\bprinciple\\b|\\bformula\\b|\\btreats?\\b|\\bused\\b|\\bactions?\\b|\\bcaution\\b");
    /** Words of asking and of the aspect itself, which every candidate shares: not findings. */
    private static final Pattern ASKING_WORDS = Pattern.compile("最可能|可能|病变|部位|定位|位于|病灶|损害|哪里|哪支|哪条|什么|哪些|哪个"
            + "|诊断|中医|证型|证候|辨证|治法|方剂|代表方|首选|选用|应用|治疗|患者|病人|中风|卒中|是|为|的|在|和|及");
    /** The asking words of two characters or more, and the artery words every territory sentence shares. */
    private static final Pattern ASKING_PHRASES = Pattern.compile("最可能|可能|病变|部位|定位|位于|病灶|损害|哪里|哪支|哪条|什么"
            + "|哪些|哪个|诊断|中医|证型|证候|辨证|治法|方剂|代表方|首选|选用|应用|治疗|患者|病人|动脉|闭塞|血管|导致|引起|中风|卒中|作用");
    private static final Set<String> EN_STOP = Set.of("what", "which", "where", "with", "that", "this", "from", "have",
            "most", "likely", "lesion", "site", "patient", "years", "year", "old", "stroke", "treatment", "traditional",
            "chinese", "medicine", "pattern", "formula", "there", "their", "they", "when", "would", "should", "about",
            "located", "location", "localise", "localize", "artery", "occluded", "principle", "representative", "left",
            "right", "side", "sudden", "suddenly", "woman", "presents", "examination", "than", "more", "does", "affected");

    private ExamQuotes() {
    }

    /** The asked aspects this class answers. */
    static List<Aspect> asked(Frame frame) {
        return frame.aspects().stream().filter(a -> a == Aspect.LESION_SITE || a == Aspect.TCM).toList();
    }

    /**
     * The passage search text of a lesion-site or TCM question: the whole stem (a case's findings decide it, where its
     * sub-question alone names none), with the words the answering passages use.
     */
    static Optional<String> searchText(FrameReader.Reading reading) {
        Aspect a = reading.frame().aspect();
        if (a != Aspect.LESION_SITE && a != Aspect.TCM) {
            return Optional.empty();
        }
        boolean en = reading.frame().english();
        Optional<String> anatomy = reading.frame().topic().filter(ExamCues.ANATOMY_TOPICS::contains);
        String hint = anatomy.isPresent() ? anatomyHint(anatomy.get(), en)
                : a == Aspect.LESION_SITE ? (en ? " lesion lies in points to" : " 病变位于 提示病变在")
                : (en ? " traditional Chinese medicine pattern treatment principle representative formula"
                        : " 中医 证型 治法 代表方");
        // an English stem names its findings in words a hint would drown; a Chinese one is searched with the words
        // the answering passages use
        return Optional.of(reading.shape().stem() + (en ? "" : hint));
    }

    /** The words the passages answering a vessel, tract or imaging question use. */
    private static String anatomyHint(String topic, boolean en) {
        return switch (topic) {
            case ExamCues.VESSEL -> en ? " artery rupture occlusion" : " 动脉 破裂 闭塞";
            case ExamCues.TRACT -> en ? " tract fibres internal capsule" : " 传导束 皮质脊髓束 纤维";
            default -> en ? " CT hyperdense hypodense" : " CT 高密度 低密度";
        };
    }

    /** Passages read for a lesion-site or TCM question: the one that answers is among many on the same findings. */
    private static final int EXAM_PASSAGES = 15;

    /**
     * More passages than the request's number are read for the topics written for exam questions (lesion sites, TCM):
     * a question that does not ask them must still get its own passages, with these set aside.
     */
    private static final int SET_ASIDE = 6;

    /** How many passages to read for the frame. */
    static int passagesRead(Frame frame, int maxPassages) {
        if (maxPassages == 0) {
            return 0;
        }
        return asked(frame).isEmpty() ? maxPassages + SET_ASIDE : Math.max(maxPassages, EXAM_PASSAGES);
    }

    /**
     * How passages are searched for the frame: for a lesion site or a TCM pattern by the case's own words (BM25), since
     * it is the exact findings (动眼神经麻痹, 苔黄腻) that single out the answering passage, and the vector of a long
     * case is near every passage on stroke; hybrid otherwise.
     */
    static org.strokekg.search.PassageQuery.Mode mode(Frame frame) {
        return asked(frame).isEmpty() ? org.strokekg.search.PassageQuery.Mode.HYBRID
                : org.strokekg.search.PassageQuery.Mode.BM25;
    }

    /** The passages listed with the answer: the request's number, and every one quoted. */
    static List<PassageHit> listed(List<PassageHit> hits, List<Quote> quotes, int maxPassages) {
        Set<String> quoted = new LinkedHashSet<>();
        quotes.forEach(q -> quoted.add(q.doc().id()));
        List<PassageHit> out = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            if (i < maxPassages || quoted.contains(hits.get(i).doc().id())) {
                out.add(hits.get(i));
            }
        }
        return out;
    }

    /**
     * The hits a frame reads: TCM passages only for a question asked in TCM terms; the localisation passages for a
     * lesion-site question or one about what they are about (Weber syndrome's symptoms); for any other question the
     * request's number of the rest, as if these topics were not there (they would crowd out a symptom question's own
     * passages with the signs of every syndrome).
     */
    static List<PassageHit> forFrame(Frame frame, List<PassageHit> hits, int maxPassages) {
        List<Aspect> asked = asked(frame);
        Set<String> about = new LinkedHashSet<>();
        frame.focus().ifPresent(f -> about.add(f.id()));
        frame.others().forEach(o -> about.add(o.id()));
        List<PassageHit> out = hits.stream()
                .filter(h -> !ExamCues.tcmPassage(h.doc()) || asked.contains(Aspect.TCM))
                .filter(h -> !"localisation".equals(h.doc().topic()) || asked.contains(Aspect.LESION_SITE)
                        || h.doc().entityIds().stream().anyMatch(about::contains))
                .toList();
        return asked.isEmpty() ? out.stream().limit(maxPassages).toList() : out;
    }

    /** Parts of the brain and its vessels: where a lesion can be (「偏瘫发生于上肢」 says where the weakness is). */
    private static final Pattern NEURAL = Pattern.compile("脑|叶|节|囊|丘|桥|髓|动脉|皮质|皮层|室|窦|蛛网膜");
    private static final Pattern VESSEL_NAME = Pattern.compile("动脉|血管");
    private static final Pattern TRACT_NAME = Pattern.compile("束");
    private static final Pattern NOTHING = Pattern.compile("(?!)");

    /**
     * The graph facts kept for a lesion-site question: where a named syndrome or condition lies in the brain or which
     * artery it involves. A case's findings are answered by the localisation passages: one finding's own site
     * (「偏盲发生于枕叶」) or a diagnosis's usual one (「脑梗死发生于大脑」) would misplace this case's lesion.
     */
    static List<Evidence.Fact> siteFacts(Frame frame, List<Evidence.Fact> facts) {
        if (!frame.aspects().contains(Aspect.LESION_SITE)) {
            return facts;
        }
        boolean aCase = frame.setting() == Frame.Setting.VIGNETTE || frame.setting() == Frame.Setting.ACUTE_NOW
                || frame.setting() == Frame.Setting.IN_HOSPITAL;
        // a vessel question is answered by a vessel, a tract question by a tract; a site is no imaging appearance
        Pattern named = frame.topic().map(t -> switch (t) {
            case ExamCues.VESSEL -> VESSEL_NAME;
            case ExamCues.TRACT -> TRACT_NAME;
            case ExamCues.IMAGING -> NOTHING;
            default -> NEURAL;
        }).orElse(NEURAL);
        return facts.stream().filter(f -> f.aspect() != Aspect.LESION_SITE
                || !f.start().type().equals("Symptom") && named.matcher(f.end().name()).find()
                        && NEURAL.matcher(f.end().name()).find()
                        && (!aCase || f.start().name().contains("综合征"))).toList();
    }

    /** A sentence that may be quoted. */
    private record Candidate(PassageHit hit, String sentence, String folded, Aspect aspect, Set<String> terms) {
    }

    /**
     * The sentences that answer the frame's lesion-site and TCM aspects, best first.
     *
     * @param stem   the question's stem (findings and asking part)
     * @param linked the entities the question names
     * @param names  an entity's names, to tell whether a sentence names its own subject
     */
    /**
     * Whether a TCM sentence fits the consciousness the case states: by the sentence's own class where it names one,
     * else by its passage's (a 中经络 pattern or one of the recovery and sequela stages does not fit a clouded case, a
     * 中脏腑 one not a clear case).
     */
    static boolean fitsConsciousness(String sentence, String passage, boolean clouded, boolean clear) {
        String said = sentence.contains("中经络") || sentence.contains("中脏腑") || sentence.contains("闭证")
                || sentence.contains("脱证") ? sentence : passage;
        boolean channels = said.contains("中经络");
        boolean organs = said.contains("中脏腑") || said.contains("闭证") || said.contains("脱证");
        // the patterns of the recovery and sequela stages are patterns of a conscious patient weeks after the onset
        boolean recovery = said.contains("恢复期") || said.contains("后遗症期");
        return !(clouded && (channels || recovery) && !organs) && !(clear && organs && !channels);
    }

    static List<Quote> select(Frame frame, String stem, List<Entity> linked, List<PassageHit> hits,
                              Function<String, List<String>> names) {
        List<Aspect> aspects = asked(frame);
        if (aspects.isEmpty() || hits.isEmpty()) {
            return List.of();
        }
        String foldedStem = TextNormalizer.forMatching(stem);
        Set<String> findings = terms(ASKING_WORDS.matcher(foldedStem).replaceAll(" "));
        // three characters tell 「下肢为主」 from 「下肢较轻」, which share 下肢
        findings.addAll(trigrams(ASKING_PHRASES.matcher(foldedStem).replaceAll(" ")));
        Set<String> keys = new LinkedHashSet<>();
        linked.forEach(e -> keys.addAll(PassageQuotes.keys(e)));
        keys.removeIf(k -> !foldedStem.contains(k));

        // the TCM knowledge is about wind-stroke (中风): a TCM question about another disease (a gastritis patient's
        // tongue coating) is not answered with a stroke pattern
        boolean aboutStroke = STROKE_WORDS.matcher(foldedStem).find();
        // 中经络 has no clouding of consciousness and 中脏腑 has it: a case says which, and the other's patterns
        // and formulas do not fit it
        boolean clouded = CLOUDED.matcher(foldedStem).find();
        boolean clear = !clouded && CLEAR.matcher(foldedStem).find();
        List<Candidate> candidates = new ArrayList<>();
        for (Aspect a : aspects) {
            for (PassageHit hit : hits) {
                boolean tcm = ExamCues.tcmPassage(hit.doc());
                if ((a == Aspect.TCM) != tcm) {
                    continue; // TCM questions quote the TCM knowledge, and only TCM questions do
                }
                if (tcm && !aboutStroke || !PassagePopulation.fits(hit.doc(), frame, stem)) {
                    continue;
                }
                boolean english = PassageDoc.EN.equals(hit.doc().lang());
                // a pattern's sentence may not name its class: the passage it stands in does (中风中经络的证型…)
                String passage = TextNormalizer.forMatching(hit.doc().title() + " " + hit.doc().text());
                for (String raw : SENTENCE_END.split(hit.doc().text())) {
                    String s = raw.strip();
                    if (s.length() < 8 || s.length() > (english ? MAX_SENTENCE_EN : MAX_SENTENCE_ZH)) {
                        continue;
                    }
                    String folded = TextNormalizer.forMatching(s);
                    // a vessel, tract or imaging question is answered by a sentence naming one, not by any site
                    Pattern says = a != Aspect.LESION_SITE ? SAYS_TCM : frame.topic().map(SAYS_ANATOMY::get)
                            .orElse(SAYS_SITE);
                    if (!says.matcher(folded).find()) {
                        continue;
                    }
                    if (tcm && !fitsConsciousness(folded, passage, clouded, clear)) {
                        continue;
                    }
                    candidates.add(new Candidate(hit, s, folded, a, terms(folded)));
                }
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        // how rare each finding and name is among the candidates: shared by all, it tells nothing apart
        Map<String, Integer> df = new HashMap<>();
        for (Candidate c : candidates) {
            for (String t : findings) {
                if (c.terms().contains(t) || t.length() == 3 && c.folded().contains(t)) {
                    df.merge(t, 1, Integer::sum);
                }
            }
            for (String k : keys) {
                if (c.folded().contains(k)) {
                    df.merge("\u0000" + k, 1, Integer::sum);
                }
            }
        }
        int n = candidates.size();
        // in the candidates' (search) order: a tie between two quotes keeps it, not the records' hash order, which
        // changes from one JVM run to the next (their enums hash by identity)
        Map<Candidate, Double> score = new java.util.LinkedHashMap<>();
        for (Candidate c : candidates) {
            double s = 0;
            for (String t : findings) {
                if (c.terms().contains(t) || t.length() == 3 && c.folded().contains(t)) {
                    s += Math.log(1.0 + (double) n / df.get(t));
                }
            }
            for (String k : keys) {
                int d = df.getOrDefault("\u0000" + k, 0);
                // a name most candidates share (中风 in every TCM sentence) tells nothing apart
                if (d > 0 && c.folded().contains(k) && d <= Math.max(1, n / 4)) {
                    s += Math.log(1.0 + (double) n / d);
                }
            }
            if (s > 0) {
                for (Pattern[] echo : ECHO) {
                    if (echo[0].matcher(foldedStem).find() && echo[1].matcher(c.folded()).find()) {
                        s += 1.5;
                    }
                }
                // the knowledge written to answer this aspect first, then what is curated
                s += (c.aspect() == Aspect.LESION_SITE && "localisation".equals(c.hit().doc().topic()) ? 0.5 : 0)
                        + (Provenance.curated(c.hit().doc()) ? 0.3 : 0);
                score.put(c, s);
            }
        }
        if (score.isEmpty() && findings.stream().noneMatch(t -> t.length() == 2) && keys.isEmpty()) {
            // 「中风的中医证型有哪些」 names no finding: the sentences that say what it asks (its patterns) answer it
            for (Candidate c : candidates) {
                double e = ECHO.stream().filter(p -> p[0].matcher(foldedStem).find() && p[1].matcher(c.folded()).find())
                        .count();
                if (e > 0) {
                    score.put(c, e + (Provenance.curated(c.hit().doc()) ? 0.3 : 0));
                }
            }
        }
        List<Quote> out = new ArrayList<>();
        for (Aspect a : aspects) {
            List<Candidate> ranked = score.keySet().stream().filter(c -> c.aspect() == a)
                    .sorted(Comparator.comparingDouble((Candidate c) -> score.get(c)).reversed()).toList();
            if (ranked.isEmpty()) {
                continue;
            }
            double best = score.get(ranked.getFirst());
            Map<String, Integer> perPassage = new HashMap<>();
            Set<String> said = new LinkedHashSet<>();
            int kept = 0;
            for (Candidate c : ranked) {
                if (kept >= MAX_PER_ASPECT || score.get(c) < BELOW_BEST * best) {
                    break;
                }
                String id = c.hit().doc().id();
                if (perPassage.getOrDefault(id, 0) >= MAX_PER_PASSAGE || !said.add(c.folded())) {
                    continue;
                }
                perPassage.merge(id, 1, Integer::sum);
                kept++;
                add(out, c, subject(c, names));
            }
        }
        return out;
    }

    private static void add(List<Quote> out, Candidate c, String subject) {
        String sentence = PromptBuilder.defuse(c.sentence());
        boolean english = PassageDoc.EN.equals(c.hit().doc().lang());
        for (int i = 0; i < out.size(); i++) {
            Quote q = out.get(i);
            if (q.doc().id().equals(c.hit().doc().id()) && q.aspect() == c.aspect() && q.subject().equals(subject)) {
                List<String> sentences = new ArrayList<>(q.sentences());
                sentences.add(sentence);
                out.set(i, new Quote(q.doc(), sentences, q.subject(), q.aspect(), q.english()));
                return;
            }
        }
        out.add(new Quote(c.hit().doc(), List.of(sentence), subject, c.aspect(), english));
    }

    /**
     * The subject said with a sentence: none when it names one of its passage's entities (「Weber综合征的病变位于…」),
     * else the passage's title (「中风中脏腑闭证的证型、治法和代表方：痰火瘀闭证即阳闭…」), so it never reads as a
     * statement about the asker.
     */
    private static String subject(Candidate c, Function<String, List<String>> names) {
        for (String id : c.hit().doc().entityIds()) {
            for (String name : names.apply(id)) {
                String k = TextNormalizer.forMatching(name);
                if (k.length() >= 2 && !(k.length() < 4 && k.chars().allMatch(ch -> ch < 128)) && c.folded().contains(k)) {
                    return "";
                }
            }
        }
        return c.hit().doc().title().strip().replaceAll("[。.：:？?]+$", "");
    }

    /** A text's Chinese three-character runs. */
    private static Set<String> trigrams(String folded) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : folded.split("[^\\p{IsHan}]+")) {
            for (int i = 0; i + 3 <= part.length(); i++) {
                out.add(part.substring(i, i + 3));
            }
        }
        return out;
    }

    /** A text's terms: its Chinese two-character words, its English words of four letters or more and word pairs. */
    private static Set<String> terms(String folded) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : folded.split("[^\\p{IsHan}]+")) {
            for (int i = 0; i + 2 <= part.length(); i++) {
                out.add(part.substring(i, i + 2));
            }
        }
        String[] words = folded.split("[^a-z0-9]+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.length() >= 4 && !EN_STOP.contains(w)) {
                out.add(w);
            }
            // two words tell 「collapse pattern」 from the 「sudden collapse」 of every pattern
            if (i + 1 < words.length && w.length() >= 3 && words[i + 1].length() >= 3) {
                out.add(w + " " + words[i + 1]);
            }
        }
        return out;
    }
}
