package org.strokekg.rag;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.search.EntityMention;

/**
 * Whether what a question asks about is a term the graph does not hold, while the entities it did link are only its
 * context: 「与苯乙肼同用会出现高血压危象和脑出血的是」 asks about phenelzine, 「该患者LDL-C的控制目标值是」 about LDL-C,
 * "Is serum total bilirubin useful to differentiate cardioembolic stroke…" about bilirubin, "How many people are affected
 * by mitochondrial encephalomyopathy…" about MELAS. Answering such a question with the neighbourhood of the stroke it
 * also names gives a page of true sentences that answer nothing; the honest answer names the missing term.
 *
 * <p>Precision comes before recall: a true answer must not turn into "nothing on this". A term is reported only where a
 * syntactic frame places it as the object of the aspect asked (「X的作用/化验/目标值」「与X同用」「服用X」 in the asking
 * part, 「X与Y的关系」 with Y linked; "the outlook for X", "how does X reduce…", "is X useful…", an association question
 * naming an X disease; "does/can X affect/differentiate…", a title's "…: do they agree?", "statements regarding X
 * (ACRONYM)", "which cellular processes…"; a linked name read inside a longer disease name, 「小脑幕切迹疝」), only when
 * no linked name overlaps or touches it (阿托伐他汀 linked makes 阿托伐他汀钙片 known),
 * and only when it is a specific term: not a pronoun, not a question word, not one of the general words
 * ({@link FrameReader#GENERIC}) and not only words such as patients, people or stroke.
 */
final class SubjectGap {

    /** Characters a Chinese term is written with (Latin names and abbreviations such as LDL-C included). */
    private static final Pattern TERM_CHAR = Pattern.compile("[\\p{IsHan}A-Za-z0-9·\\-]");
    /** What is asked of the term before it: 「X的作用」「X的化验」「X的控制目标值」. */
    private static final Pattern ZH_ASPECT_AFTER = Pattern.compile("的?(发病机制|發病機制|致病机制|致病機制|病理机制|病理機制|作用机制|作用機制|作用|机制|機制|化验结果|化驗結果|化验|化驗"
            + "|检验结果|檢驗結果|实验室检查|實驗室檢查|控制目标值|控制目標值|目标值|目標值|正常值|参考值|參考值|副作用|不良反应|不良反應"
            + "|用法用量|用法|用量|剂量|劑量|药理|藥理|发病率|發病率|患病率|流行病学|流行病學|适应证|適應證|禁忌证|禁忌證)");
    /** A drug taken with something: 「与苯乙肼同用」. */
    private static final Pattern ZH_WITH = Pattern.compile("(与|與|和|跟|同)([^，,。？?！!、：:；;\\s]{2,14}?)(同用|合用|联用|聯用|并用|併用|同服|一起服用|一起吃)");
    /** A drug taken, where the question asks: 「服用华法林的人能吃菠菜吗」. */
    private static final Pattern ZH_TAKES = Pattern.compile("(服用|口服|使用|注射)");
    /** 「X与Y的关系」「X和Y有什么关系」. */
    private static final Pattern ZH_RELATION = Pattern.compile("([^，,。？?！!、：:；;\\s]{2,14})(与|與|和|跟)([^，,。？?！!、：:；;\\s]{2,14}?)"
            + "(之间|之間)?(的|有)?(什么|什麼|甚麼|何)?(关系|關係|关联|關聯|相关性|相關性)");
    /**
     * An activity in lay words (喝酒, 熬夜, 吃咸菜): the graph often holds it under another name (饮酒), so it is never
     * reported missing.
     */
    private static final Pattern ZH_ACTIVITY = Pattern.compile("^(喝|吃|抽|吸|熬|打|做|玩|看|睡|洗|泡|干|幹|开|開|坐|走|跑|爬|游|练|練|听|聽|晒|曬|用)");
    /** The other side of a relation question must read as a disease or a Latin name (马凡综合征, CADASIL). */
    private static final Pattern ZH_DISEASE_NAME = Pattern.compile("(病|症|征|徵|综合征|綜合徵|症候群|瘤|炎|癌|血症|障碍|障礙|畸形|狭窄|狹窄)$|^[A-Za-z0-9\\-]+$");
    /** How a disease name ends, for a name read inside a longer one (「…切迹疝」「…胶质瘤」). */
    private static final Pattern ZH_COMPOUND_HEAD = Pattern.compile("(疝|病|症|综合征|綜合徵|瘤|炎|癌|畸形|狭窄|狹窄|囊肿|囊腫|脓肿|膿腫)$");
    private static final Set<String> CONDITION_TYPES = Set.of("Disease", "Complication", "Symptom");
    private static final Set<String> PERSONS = Set.of("男性", "女性", "高龄", "老年人", "儿童", "小儿");
    /** Words that end a name read forward: what follows is another thing (「卒中患者并发肺炎」). */
    private static final Pattern ZH_COMPOUND_STOP = Pattern.compile("患者|病人|合并|并发|併發|伴|引起|导致|導致|所致|与|與|和|及|或|时|時");
    /** Chars that end a term read forward: 「华法林的人」「华法林后」. */
    private static final String FORWARD_STOP = "的后後时時会會能可吗嗎是有还還就再每等";
    /** Words before a term read backward that are not part of it: 「该患者LDL-C」「长期服用X」. */
    private static final Pattern ZH_LEAD = Pattern.compile("^(该患者|該患者|患者|病人|该|該|其|此|这种|這種|那种|那種|本|现在|現在|现|現"
            + "|目前|长期|長期|服用|口服|使用|血清|血浆|血漿)+");
    private static final Pattern ZH_NOT_TERM = Pattern.compile("什么|什麼|甚麼|哪|怎|何|多少|吗|嗎|药物|藥物|这|這|它|两者|兩者|二者|下列|以下|上述|本病|该病|該病"
            + "|注意|事项|事項|方法|时间|時間|时机|時機|期间|期間|过程|過程|疗程|療程|次数|次數|频率|頻率|发病|發病|致病|病理"
            + "|治疗|治療|预防|預防|诊断|診斷|控制|康复|康復|护理|護理");

    /** "the outlook for X", "symptoms of X", "how many people are affected by X", "what causes X". */
    private static final List<Pattern> EN_OBJECT = List.of(
            Pattern.compile("\\b(?:outlook|prognosis|symptoms?|signs?|causes?|treatments?|prevalence|incidence|frequency"
                    + "|complications?|mechanisms?|inheritance|genetic basis)\\s+(?:of|for|in|with)"
                    + "\\s+(?<np>[^?:;.]+)"),
            Pattern.compile("\\bgenetic changes (?:related|linked) to\\s+(?<np>[^?:;.]+)"),
            Pattern.compile("\\bhow many (?:people|persons|individuals|patients) (?:are|is) affected by\\s+(?<np>[^?:;.]+)"),
            Pattern.compile("^what causes\\s+(?<np>[^?:;.]+)"),
            Pattern.compile("^who is at risk (?:for|of)\\s+(?<np>[^?:;.]+)"),
            Pattern.compile("^(?:how|why) (?:does|do|did|can|could|might|would|may) (?:the )?(?:use of |administration of )?"
                    + "(?<np>[^?:;.]+?)\\s+(?:reduce|increase|cause|affect|protect|improve|lead|influence|predict|help|work"
                    + "|prevent|decrease|attenuate|promote|induce|contribute|modulate|alter)"),
            Pattern.compile("^(?:is|are|does|do|can|could|should) (?<np>[^?:;.]+?)\\s+(?:useful|associated|a risk|related"
                    + "|effective|safe|beneficial|predictive|linked|helpful|a marker|a predictor|a cause|inherited)\\b"),
            // "Does <a gene variant> affect stroke risk?", "Can <a method> differentiate thrombus from plaque?"
            Pattern.compile("^(?:does|do|did|can|could|may|might|will|would) (?:the )?(?:use of )?(?<np>[^?:;.]+?)\\s+"
                    + "(?:affect|differentiate|distinguish|discriminate|detect|identify|predict|influence|improve|reduce"
                    + "|increase|decrease|alter|modify|prevent|protect|replace|explain|modulate|enhance|worsen|lower"
                    + "|raise|determine|mediate|confer)\\b"),
            // a study's title, then the question about it: "X vs Y records for stroke survivors: do they agree?"
            Pattern.compile("(?:^|\\n)(?<np>[^?:;\\n]+?):\\s*(?<q>(?:do|does|did|are|is|can|should) (?:they|these|it|both"
                    + "|the two))\\b"),
            // "Which of the following statements regarding <a programme> is true?"
            Pattern.compile("\\bstatements? (?:regarding|about|concerning|on|of) (?<np>[^?:;]+)"),
            // "Which of the following cellular processes is typical of…": a kind of thing the knowledge base does not hold
            Pattern.compile("\\b(?:which|what)(?: one)?(?: of the following)?\\s+(?<np>(?:(?!other\\b|another\\b)[a-z\\-]+\\s+){0,2}(?:process(?:es)?"
                    + "|enzymes?|receptors?|genes?|mutations?|polymorphisms?|cytokines?|organelles?|pathways?|study designs?"
                    + "|statistical tests?|ethical principles?|cellular changes?)\\b)"));
    private static final Pattern EN_VERSUS = Pattern.compile("\\s(?:vs\\.?|versus)\\s+");
    /** A name's acronym in brackets at the end of a long name: "National Programme for … (NPCDCS)". */
    private static final Pattern EN_ACRONYM = Pattern.compile("\\(([A-Z][A-Z0-9\\-]{2,11})\\)");
    /** An association question (its subject is the association with another disease). */
    private static final Pattern EN_ASSOCIATION = Pattern.compile("\\b(associat\\w*|link(ed)?|relationship|related|"
            + "correlat\\w*)\\b");
    /** A disease name by its head word: "motor neuron disease", "Fabry disease", "aortic stenosis". */
    private static final Pattern EN_DISEASE = Pattern.compile("\\b(?<np>(?:[a-z][a-z'\\-]*\\s+){1,4}(?:disease|syndrome|disorder"
            + "|dystrophy|neuropathy|myopathy|encephalopathy|encephalomyopathy|angiopathy|arteritis|vasculitis|stenosis"
            + "|sclerosis|palsy|atrophy|deficiency|carcinoma|lymphoma|leukemia|leukaemia))\\b");
    private static final Pattern SENTENCE_STOP = Pattern.compile("[.!?:](?=\\s|$)");
    /** Where an English noun phrase ends. */
    private static final Pattern EN_CUT = Pattern.compile("\\s+(?:in|among|after|following|without|during|from|versus|vs\\.?"
            + "|compared|than|who|that|which|when|is|are|was|were|be|been|by|on|at|to|for|as|or|need|needs|not|can|could"
            + "|may|might|should|must|will|would|do|does|did|have|has|had)\\s");
    private static final Pattern EN_LEAD = Pattern.compile("^(?:(?:the|a|an|people with|patients with|persons with|those with)\\s+)+");
    private static final Set<String> EN_GENERIC = Set.of("stroke", "strokes", "people", "patients", "patient", "persons",
            "person", "disease", "diseases", "condition", "conditions", "disorder", "disorders", "syndrome", "brain",
            "treatment", "treatments", "therapy", "symptoms", "risk", "women", "men", "children", "adults", "elderly",
            "older", "young", "cerebral", "acute", "chronic", "severe", "mild", "this", "that", "these", "those", "it",
            "they", "them", "you", "your", "my", "i", "me", "someone", "other", "others", "and", "or", "the", "of", "a",
            "an", "ischemic", "ischaemic", "hemorrhagic", "haemorrhagic", "vascular", "heart", "blood", "type", "types",
            "common", "rare", "all", "any", "some", "such", "which", "what", "new", "cell", "cells", "factor",
            "factors", "use", "uses", "surgery", "drug", "drugs", "medication", "medications", "care", "study",
            // prepositions inside a phrase ("pretreatment with statins") and a patient's demographics ("does sex
            // influence…": a demographic, asked as research, not a missing term)
            "with", "in", "for", "on", "by", "to", "from", "after", "before", "sex", "gender", "age", "race",
            "ethnicity");

    private SubjectGap() {
    }

    /**
     * The term the question asks about, as written, when the graph holds no entity for it; empty when every candidate
     * term is linked or none is placed by a frame this class knows.
     *
     * @param mentions every entity the linker found, general ones included (a general name is no missing term)
     */
    static Optional<String> find(String text, QuestionShape shape, List<EntityMention> mentions, boolean english) {
        String stem = text.substring(0, shape.stemEnd());
        return english ? english(stem, shape, mentions) : chinese(stem, shape, mentions);
    }

    /**
     * Whether the graph holds the term after all: linked alone, a name that is not a general word covers at least half
     * of it; or, for an English term of several words, the term less one word is a name the graph holds, whole
     * ("Antiphospholipid Antibody Syndrome" for antiphospholipid syndrome; not "alternating hemiplegia of childhood",
     * of which only hemiplegia is known).
     */
    static boolean known(String term, java.util.function.Function<String, List<EntityMention>> link) {
        if (covers(link.apply(term), term, 0.5)) {
            return true;
        }
        String[] words = term.split("\\s+");
        if (words.length < 2 || words.length > 8 || term.codePoints().anyMatch(Character::isIdeographic)) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            List<String> less = new java.util.ArrayList<>(List.of(words));
            less.remove(i);
            String shorter = String.join(" ", less);
            if (covers(link.apply(shorter), shorter, 0.9)) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(List<EntityMention> mentions, String text, double share) {
        int letters = text.replaceAll("[\\s,·\\-]", "").length();
        return mentions.stream().filter(m -> !FrameReader.GENERIC.contains(m.name()))
                .anyMatch(m -> m.surface().replaceAll("[\\s,·\\-]", "").length() >= share * letters);
    }

    private static Optional<String> chinese(String stem, QuestionShape shape, List<EntityMention> mentions) {
        Matcher m = ZH_WITH.matcher(stem);
        while (m.find()) {
            if (!shape.inAsking(m.start(2))) {
                continue;
            }
            Optional<String> t = zhTerm(stem, m.start(2), m.end(2), mentions);
            if (t.isPresent()) {
                return t;
            }
        }
        m = ZH_RELATION.matcher(stem);
        while (m.find()) {
            if (!shape.inAsking(m.start(3))) {
                continue;
            }
            // 「X与Y的关系」: one side linked, the other a term the graph does not hold
            int[] left = backward(stem, m.end(1), mentions);
            Optional<String> a = zhTerm(stem, left[0], m.end(1), mentions);
            Optional<String> b = zhTerm(stem, m.start(3), m.end(3), mentions);
            boolean aLinked = covered(m.start(1), m.end(1), mentions);
            boolean bLinked = covered(m.start(3), m.end(3), mentions);
            if (a.isPresent() && bLinked && ZH_DISEASE_NAME.matcher(a.get()).find()) {
                return a;
            }
            if (b.isPresent() && aLinked && ZH_DISEASE_NAME.matcher(b.get()).find()) {
                return b;
            }
        }
        m = ZH_ASPECT_AFTER.matcher(stem);
        while (m.find()) {
            if (m.start() == 0 || !shape.inAsking(m.start())) {
                continue;
            }
            int[] span = backward(stem, m.start(), mentions);
            Optional<String> t = zhTerm(stem, span[0], span[1], mentions);
            if (t.isPresent()) {
                return t;
            }
        }
        Optional<String> compound = zhCompound(stem, shape, mentions);
        if (compound.isPresent()) {
            return compound;
        }
        m = ZH_TAKES.matcher(stem);
        while (m.find()) {
            int at = m.start();
            // 「X的使用」「X使用注意事项」: X is what is used, named before the verb
            if (!shape.inAsking(at) || at > 0 && (stem.charAt(at - 1) == '的'
                    || mentions.stream().anyMatch(x -> x.end() == at))) {
                continue;
            }
            int end = m.end();
            while (end < stem.length() && TERM_CHAR.matcher(stem.substring(end, end + 1)).matches()
                    && FORWARD_STOP.indexOf(stem.charAt(end)) < 0 && end - m.end() < 14) {
                end++;
            }
            Optional<String> t = zhTerm(stem, m.end(), end, mentions);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    /**
     * A name read inside a longer disease name the graph does not hold: 「小脑幕切迹疝最典型的表现」 links 小脑, but asks
     * about a herniation; 「脑干胶质瘤的症状」 about a tumour, not the brainstem. The span runs from the name to where the
     * term ends (的, 最, a question word) and must end as a disease name does (疝, 病, 症, 瘤, 炎…); a longer linked name
     * over it (小脑出血) makes it known.
     */
    private static Optional<String> zhCompound(String stem, QuestionShape shape, List<EntityMention> mentions) {
        for (EntityMention x : mentions) {
            if (!shape.inAsking(x.start()) || x.end() > stem.length() || CONDITION_TYPES.contains(x.type())
                    || PERSONS.contains(x.name())) {
                continue; // 「胃炎十二指肠球炎」 lists two conditions; 「男性癫痫病」 is the condition of a man
            }
            int end = x.end();
            while (end < stem.length() && Character.isIdeographic(stem.codePointAt(end))
                    && (FORWARD_STOP + "最").indexOf(stem.charAt(end)) < 0 && end - x.start() < 14
                    && !ZH_COMPOUND_STOP.matcher(stem.substring(end)).lookingAt()) {
                end++;
            }
            int from = x.start();
            int to = end;
            if (to - x.end() < 2 || !ZH_COMPOUND_HEAD.matcher(stem.substring(from, to)).find()
                    || ZH_NOT_TERM.matcher(stem.substring(x.end(), to)).find()
                    || mentions.stream().anyMatch(o -> o != x && o.start() < to && from < o.end() && o.end() > x.end()
                    || stem.substring(x.end(), to).contains(o.surface()) || stem.substring(x.end(), to).contains(o.name()))) {
                // a name linked once is not linked again where it recurs (「糖尿…糖尿病」): its words still count
                continue;
            }
            return Optional.of(stem.substring(from, to));
        }
        return Optional.empty();
    }

    /** The span of term characters that ends at {@code end}, read backward to a boundary, 的 or a linked name. */
    private static int[] backward(String stem, int end, List<EntityMention> mentions) {
        int start = end;
        while (start > 0 && TERM_CHAR.matcher(stem.substring(start - 1, start)).matches() && stem.charAt(start - 1) != '的'
                && end - start < 16) {
            int at = start - 1;
            if (mentions.stream().anyMatch(x -> x.start() <= at && at < x.end())) {
                break;
            }
            start--;
        }
        return new int[] {start, end};
    }

    /** The span as a term, if it is a specific one no linked name overlaps or touches. */
    private static Optional<String> zhTerm(String stem, int start, int end, List<EntityMention> mentions) {
        if (start >= end) {
            return Optional.empty();
        }
        String raw = stem.substring(start, end);
        Matcher lead = ZH_LEAD.matcher(raw);
        int cut = lead.find() ? lead.end() : 0;
        int from = start + cut;
        String term = stem.substring(from, end);
        while (term.endsWith("的")) {
            term = term.substring(0, term.length() - 1);
        }
        int to = from + term.length();
        if (term.codePointCount(0, term.length()) < 2 || term.length() > 14 || ZH_NOT_TERM.matcher(term).find()
                || ZH_ACTIVITY.matcher(term).find()
                || FrameReader.GENERIC.contains(term) || !term.chars().allMatch(c -> TERM_CHAR.matcher(String.valueOf((char) c)).matches())) {
            return Optional.empty();
        }
        // a name beside it makes it part of a known name (阿托伐他汀钙片): not a term of its own
        if (mentions.stream().anyMatch(x -> x.start() <= to && from <= x.end())) {
            return Optional.empty();
        }
        return Optional.of(term);
    }

    private static boolean covered(int start, int end, List<EntityMention> mentions) {
        return mentions.stream().anyMatch(x -> x.start() < end && start < x.end());
    }

    private static Optional<String> english(String stem, QuestionShape shape, List<EntityMention> mentions) {
        // a line break written out as "\\n" (public data sets do) is a space, at the same offsets
        String lower = stem.toLowerCase(Locale.ROOT).replace("\\n", "  ");
        int asks = shape.asks().isEmpty() ? 0 : shape.asks().getFirst()[0];
        int mark = lower.lastIndexOf('?');
        if (mark > asks && shape.inAsking(mark)) {
            // the asking part may hold the study's last findings before its question: read from the question's own
            // sentence ("…normotensive subjects.\\n\\nDoes X affect…?")
            Matcher stop = Pattern.compile("[.!?](?=\\s)|\\s{2}").matcher(lower).region(asks, mark);
            while (stop.find()) {
                asks = stop.end();
            }
        }
        while (asks < lower.length() && Character.isWhitespace(lower.charAt(asks))) {
            asks++; // an anchored frame reads from the sentence's first word
        }
        for (Pattern p : EN_OBJECT) {
            // anchored frames are read from the start of the asking sentence
            Matcher m = p.matcher(lower);
            m.region(p.pattern().startsWith("^") ? Math.min(asks, lower.length()) : 0, lower.length());
            m.useAnchoringBounds(true);
            while (m.find()) {
                // a title's question asks about the title ("X vs Y: do they agree?"): its pronoun is where it asks
                int asked = p.pattern().contains("(?<q>") ? m.start("q") : m.start("np");
                if (!shape.inAsking(asked) || !askingSentence(lower, asked)) {
                    continue; // "no signs of distress" in a case's history is not what it asks
                }
                Optional<String> t = enTerm(stem, m.start("np"), m.end("np"), mentions);
                Matcher versus = EN_VERSUS.matcher(lower).region(m.start("np"), m.end("np"));
                if (t.isEmpty() && asked != m.start("np") && versus.find()) {
                    t = enTerm(stem, versus.end(), m.end("np"), mentions); // a title compares two: the other one
                }
                if (t.isPresent()) {
                    return t;
                }
            }
        }
        if (EN_ASSOCIATION.matcher(lower).find()) {
            Matcher m = EN_DISEASE.matcher(lower);
            while (m.find()) {
                // the name is what follows the last word that cannot be part of it: "…aphasia in motor neuron disease"
                int from = m.start("np");
                Matcher cut = EN_CUT.matcher(lower.substring(0, m.end("np")));
                cut.region(from, m.end("np"));
                while (cut.find()) {
                    from = cut.end();
                }
                Optional<String> t = shape.inAsking(m.start()) ? enTerm(stem, from, m.end("np"), mentions)
                        : Optional.empty();
                if (t.isPresent()) {
                    return t;
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the sentence around {@code at} is the one that asks: it ends in ? or :, or nothing follows it. */
    private static boolean askingSentence(String lower, int at) {
        Matcher end = SENTENCE_STOP.matcher(lower);
        if (!end.find(at)) {
            return true;
        }
        char c = lower.charAt(end.start());
        return c == '?' || c == ':' || lower.substring(end.end()).isBlank();
    }

    /** The noun phrase from {@code start}, cut where it ends, if it is a specific term most of which no name covers. */
    private static Optional<String> enTerm(String stem, int start, int end, List<EntityMention> mentions) {
        Matcher acronym = EN_ACRONYM.matcher(stem.substring(start, end));
        int last = -1;
        while (acronym.find()) {
            last = acronym.start(1);
        }
        if (last >= 0) {
            // a long name closed by its acronym is named by the acronym ("… and stroke (NPCDCS)"), unless linked
            acronym.find(last - 1);
            int as = start + acronym.start(1);
            int ae = start + acronym.end(1);
            String rest = stem.substring(ae + 1, end).toLowerCase(Locale.ROOT);
            if (rest.isBlank() || rest.matches("\\s+(is|are|was|were)\\b.*")) {
                return covered(as, ae, mentions) ? Optional.empty() : Optional.of(stem.substring(as, ae));
            }
        }
        String lower = stem.substring(start, end).toLowerCase(Locale.ROOT);
        Matcher cut = EN_CUT.matcher(lower + " ");
        int len = cut.find() ? cut.start() : lower.length();
        Matcher lead = EN_LEAD.matcher(lower);
        int from = lead.find() ? lead.end() : 0;
        if (from >= len) {
            return Optional.empty();
        }
        String term = stem.substring(start + from, start + len).strip().replaceAll("[\\s,]+$", "");
        int s = start + from;
        String[] words = term.split("[\\s,]+");
        if (words.length == 0 || words.length > 10) {
            return Optional.empty();
        }
        int content = 0;
        int linked = 0;
        int at = s;
        for (String w : words) {
            int ws = stem.indexOf(w, at);
            int we = ws + w.length();
            at = we;
            String lw = w.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9\\-]", "");
            if (lw.length() < 2 || EN_GENERIC.contains(lw)) {
                if (ws >= 0 && covered(ws, we, mentions)) {
                    linked++; // a linked general word still counts as known
                    content++;
                }
                continue;
            }
            content++;
            if (ws >= 0 && covered(ws, we, mentions)) {
                linked++;
            }
        }
        boolean specific = java.util.Arrays.stream(words).map(w -> w.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9\\-]", ""))
                .anyMatch(w -> w.length() >= 3 && !EN_GENERIC.contains(w));
        if (!specific || content == 0 || linked * 2 >= content) {
            return Optional.empty();
        }
        return Optional.of(term);
    }
}
