package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Role;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.search.EntityMention;
import org.strokekg.search.PassageHit;
import org.strokekg.text.TextNormalizer;

/**
 * Exam items asked in the negative (「以下哪项不是…」「…错误的是」「…除外」, "all of the following EXCEPT", "which
 * statement is false"): a list of true facts about the topic does not answer them. With its options given, each option
 * is checked against the trusted evidence selected for the item's focus and aspect, and the answer says which the
 * knowledge base supports as the relation asked, with citations, and which it has nothing for: 「C是知识库不支持的一项」.
 * It never says an option is false: the knowledge base's silence on an option is absence of evidence, not evidence of
 * falsehood, and the answer says so where it matters. Asked without its options (an exam stem alone), the usual answer
 * is given with one sentence saying that it lists what is supported, not which option is the exception. An item
 * asking which one needs no treatment (「哪种并发症不需要治疗」) gets what the knowledge base holds of the asked aspect and
 * that it says nothing on which needs none: never an option, or a member, named as needing none.
 */
final class NegatedOptions {

    /** Exam wording that marks an item (folded: simplified script, lower case) as one to answer by options. */
    private static final Pattern EXAM = Pattern.compile("下列|以下|哪项|哪一项|哪个选项|何项|选项|\\bfollowing\\b|\\bexcept\\b");
    /** The negative of such an item: 不是, 不包括, 错误的是, 除外, "except", "is not", "false". */
    private static final Pattern NEGATED = Pattern.compile("不(是|包括|包含|属于|符合|应|宜|会|能|可能|出现|见于|正确|恰当|妥|对|需要|引起|常见)"
            + "|错误|除外|以外|无关|\\bexcept\\b|\\b(is|are|was|were|would|should|does|do|can) not\\b|n't\\b"
            + "|\\b(would|should|do|does|can|could) (you|we|one) not\\b"
            + "|\\bnot (a|an|the|typical|typically|usually|seen|found|true|correct|recommended|indicated|associated)\\b"
            + "|\\b(false|incorrect|untrue|wrong)\\b");
    /** Whatever the ending, 「…不包括」「…除外」「…错误的是」 asks in the negative even without a 下列. */
    private static final Pattern NEGATED_END = Pattern.compile(
            "(不包括|不包含|除外|错误的?(是|为)|不正确的?(是|为)|不恰当的?(是|为)|不属于"
            + "|不(应|会|可能|宜)?(出现|见于|属于|符合)的?[^，。？?]{0,8}(是|为))[（(]?\\s*[)）]?[。？?：:]?\\s*$");
    /**
     * Which one needs no treatment (「哪种并发症不需要治疗」「无需处理的是」, "which complication need not be treated",
     * "does not require treatment"): not "which is not a treatment of X" (「不属于…的治疗」), but a management verdict on
     * each member that the knowledge base never gives.
     */
    private static final Pattern NO_TREATMENT_NEEDED = Pattern.compile(
            "(不需要?|无需|无须|不必|不用|可不)(进行|给予|特殊|特别|积极|予以)?的?(治疗|处理|干预|处置|用药)"
            + "|\\b(need not|needn't|does not need|do not need|doesn't need|don't need|not need to)( to)?( be)?"
            + " (treated|treatment|managed|management|any treatment)\\b|\\b(does not|do not|doesn't|don't) require"
            + " (any )?(treatment|management|therapy)\\b|\\brequires? no (treatment|management|therapy)\\b"
            + "|\\bno (treatment|management|therapy) (is )?(needed|required|necessary)\\b|\\bcan be left untreated\\b");
    /** An item that asks about statements (「说法错误的是」 "which statement is false"), not about members of a relation. */
    private static final Pattern STATEMENTS = Pattern.compile("说法|叙述|描述|观点|表述|错误|不正确|不对|\\bstatements?\\b"
            + "|\\b(false|incorrect|untrue|true|correct)\\b");
    /** Words before an option's name in a sentence that deny it (「不伴有头痛」「无发热」, "without"). */
    private static final Pattern DENIED = Pattern.compile("(不|无|非|没有|未|排除|否认|\\bnot|\\bno|\\bwithout|\\bnever)\\S{0,3}\\s?$");
    /** A statement said in the negative. */
    private static final Pattern NEGATIVE = Pattern.compile("不|非|禁|避免|无需|勿|\\bnot\\b|\\bno\\b|\\bnever\\b|\\bavoid");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？!?；;])|(?<=\\.)\\s+");
    /** An option short enough to be a name (a symptom, a drug); a longer one is a statement. */
    private static final int TERM_CHARS = 12;
    /** A statement is supported by one sentence that holds nearly all of its words. */
    private static final double STATEMENT_COVERAGE = 0.8;
    /** An option shown with its letter is shortened to this many characters. */
    private static final int SHOWN_CHARS = 18;

    private NegatedOptions() {
    }

    /** One option and the evidence numbers that support it (empty: the knowledge base has nothing for it). */
    private record Checked(char letter, String text, Set<Integer> marks, boolean unreviewed) {
    }

    /** Whether the item asks which one needs no treatment (its asking part, entity names blanked). */
    static boolean noTreatmentAsked(FrameReader.Reading r) {
        return NO_TREATMENT_NEEDED.matcher(TextNormalizer.forMatching(askingBlanked(r))).find();
    }

    /** The question's asking part with the entity names blanked ({@link #namesBlanked}). */
    private static String askingBlanked(FrameReader.Reading r) {
        return asking(r.shape(), namesBlanked(r));
    }

    /** The question with each linked name blanked out, so a name's own characters (不稳定型心绞痛's 不) cue nothing. */
    private static String namesBlanked(FrameReader.Reading r) {
        char[] chars = r.question().toCharArray();
        for (EntityMention m : r.mentions()) {
            for (int i = Math.max(0, m.start()); i < Math.min(m.end(), chars.length); i++) {
                chars[i] = ' ';
            }
        }
        return new String(chars);
    }

    private static String asking(QuestionShape shape, String text) {
        StringBuilder asking = new StringBuilder();
        shape.asks().forEach(a -> asking.append(text, a[0], a[1]).append(' '));
        return asking.toString();
    }

    /** Whether the item asks in the negative: its asking part (entity names blanked, 不稳定型心绞痛 is no 不). */
    static boolean asked(FrameReader.Reading r) {
        QuestionShape shape = r.shape();
        String blanked = namesBlanked(r);
        String folded = TextNormalizer.forMatching(asking(shape, blanked));
        String stem = TextNormalizer.forMatching(blanked.substring(shape.stemStart(), shape.stemEnd()));
        // 「中风后不能吃什么」 asks what to avoid: a negation outside an exam's wording is what is asked, not an exception
        return NEGATED.matcher(folded).find() && EXAM.matcher(stem).find() || NEGATED_END.matcher(stem).find();
    }

    /**
     * The answer to the reading: for a negated item with options, the options checked; without options, the usual
     * answer with a sentence on what it shows; for any other question, the usual answer.
     *
     * @param ev    the trusted evidence selected for the frame (before the answer's budget: every option is checked)
     * @param names an entity's names, to find an option's entity in a passage sentence
     */
    static AnswerComposer.Composition answer(FrameReader.Reading r, Evidence ev,
                                             Function<String, List<String>> names,
                                             Supplier<AnswerComposer.Composition> usual) {
        return answer(r, ev, names, usual, e -> usual.get());
    }

    /**
     * As {@link #answer(FrameReader.Reading, Evidence, Function, Supplier)}, and an item asking which one needs no
     * treatment is answered with what the knowledge base holds of the asked aspect alone (no passage: a stroke unit's
     * "prevention of complications" does not say which needs none) and one sentence saying that it holds nothing on
     * which needs no treatment.
     *
     * @param compose composes an answer from evidence (the answer's budget applied)
     */
    static AnswerComposer.Composition answer(FrameReader.Reading r, Evidence ev,
                                             Function<String, List<String>> names,
                                             Supplier<AnswerComposer.Composition> usual,
                                             Function<Evidence, AnswerComposer.Composition> compose) {
        if (noTreatmentAsked(r) && ev.focus().isPresent() && r.frame().unknownSubject().isEmpty()) {
            return noTreatmentNeeded(r, ev, compose);
        }
        if (!asked(r)) {
            return usual.get();
        }
        boolean en = r.frame().english();
        if (!r.shape().hasOptions()) {
            AnswerComposer.Composition c = usual.get();
            if (c.citations().isEmpty() || r.frame().unknownSubject().isPresent()) {
                return c;
            }
            Optional<Entity> topic = ev.focus();
            if (topic.isEmpty()) {
                return c;
            }
            // the note cites what the knowledge base has on the topic, like every sentence of an answer
            List<Answer.Citation> cites = new ArrayList<>(c.citations());
            Entity e = topic.get();
            int n = citeFocus(cites, e);
            String about = focusName(r.frame(), e, en) + FactSentences.mark(n);
            // one sentence, as the citation check reads sentences: each says what it rests on
            String note = en ? " This item asks for the option that is NOT so, and the question's options were not "
                    + "sent: the above is what the knowledge base supports on " + about + "; an option not among it "
                    + "is one the knowledge base does not support, which does not show that it is false, so send the "
                    + "options with the question to have each one checked."
                    : "此题问的是哪一项“不是”：以上是知识库关于" + about + "支持的内容，不在其中的选项只是知识库没有支持它的资料，"
                    + "并不因此就是错误的；附上选项可逐项核对。";
            return new AnswerComposer.Composition(c.text() + (en ? note : "\n\n" + note), cites, c.paths(),
                    c.passages());
        }
        Optional<Entity> focus = ev.focus();
        if (focus.isEmpty()) {
            return usual.get(); // no topic to check the options against: the usual answer, or its honest "not found"
        }
        EvidenceBook book = new EvidenceBook();
        FactSentences facts = new FactSentences(book, en);
        String stem = TextNormalizer.forMatching(r.shape().stem());
        boolean statements = STATEMENTS.matcher(stem).find();
        List<Checked> checked = new ArrayList<>();
        List<org.strokekg.graph.GraphPath> used = new ArrayList<>();
        List<org.strokekg.search.PassageDoc> quoted = new ArrayList<>();
        char letter = 'A';
        for (int[] span : r.shape().options()) {
            String text = r.question().substring(span[0], span[1]).strip();
            checked.add(check(letter++, text, span, r, ev, names, facts, book, used, quoted));
        }
        String focusName = focusName(r.frame(), focus.get(), en);
        String relation = statements ? "" : relation(r.frame(), focusName, en);
        // the topic is cited only where the answer says what the knowledge base lacks on it
        boolean lacking = checked.stream().anyMatch(c -> c.marks().isEmpty());
        String focusCited = lacking ? focusName + FactSentences.mark(book.cite(focus.get())) : focusName;
        return new AnswerComposer.Composition(say(checked, relation, focusCited, en), book.citations(), used, quoted);
    }

    /**
     * 「哪种并发症不需要治疗」: the members the knowledge base holds (the asked aspect's facts, options or not), then that
     * it says nothing on which of them needs no treatment; never that one needs none, nor an option named as the answer.
     */
    private static AnswerComposer.Composition noTreatmentNeeded(FrameReader.Reading r, Evidence ev,
                                                                Function<Evidence, AnswerComposer.Composition> compose) {
        boolean en = r.frame().english();
        Aspect main = r.frame().aspect();
        Evidence held = new Evidence(ev.frame(), ev.linked(), ev.focus(), ev.others(),
                ev.facts().stream().filter(f -> f.aspect() == main).toList(), List.of(), ev.retrieved(), ev.withheld(),
                ev.graphMs(), ev.passagesMs());
        AnswerComposer.Composition c = compose.apply(held);
        Entity e = ev.focus().orElseThrow();
        List<Answer.Citation> cites = new ArrayList<>(c.citations());
        int n = citeFocus(cites, e);
        String about = focusName(r.frame(), e, en) + FactSentences.mark(n);
        String what = Wording.aspect(main, r.frame().direction(), r.frame().topic(), en);
        boolean some = !c.paths().isEmpty();
        String note = en ? (some ? "This item asks which one needs no treatment: the above is what the knowledge base "
                + "holds on the " + what + " of " + about + ", but it has nothing on which of them needs no treatment, "
                + "and that does not mean any of them may be left untreated."
                : "The knowledge base has " + about + ", but nothing on which of its " + what + " needs no treatment, "
                + "and that does not mean any of them may be left untreated.")
                : some ? "此题问的是哪一种不需要治疗：以上是知识库中有关" + about + what + "的资料，但知识库没有关于其中哪一种"
                + "不需要治疗的资料，这并不说明其中任何一种可以不治疗。"
                : "知识库中有" + about + "，但没有关于其" + what + "中哪一种不需要治疗的资料，这并不说明其中任何一种可以不治疗。";
        String text = some ? c.text() + (en ? " " : "\n\n") + note : note;
        return new AnswerComposer.Composition(text, cites, c.paths(), some ? c.passages() : List.of());
    }

    /** The focus as the answer names it: in English its English name, else the question's own words for it. */
    private static String focusName(Frame frame, Entity e, boolean en) {
        if (!en) {
            return e.name();
        }
        return new FactSentences(new EvidenceBook(), true).name(e)
                .or(() -> frame.focus().map(Frame.Focus::mention)).orElse(e.name());
    }

    /** The asked relation, said after the options: 「脑出血的症状」, "symptoms of intracerebral haemorrhage". */
    private static String relation(Frame frame, String focus, boolean en) {
        String aspect = Wording.aspect(frame.aspect(), frame.direction(), frame.topic(), en);
        return en ? aspect + " of " + focus : focus + "的" + aspect;
    }

    /** One option against the evidence: graph facts of the asked aspects that reach it, else passage sentences. */
    private static Checked check(char letter, String text, int[] span, FrameReader.Reading r, Evidence ev,
                                 Function<String, List<String>> names, FactSentences facts, EvidenceBook book,
                                 List<org.strokekg.graph.GraphPath> used, List<org.strokekg.search.PassageDoc> quoted) {
        String focusId = ev.focus().orElseThrow().id();
        String bare = bare(TextNormalizer.forMatching(text));
        boolean term = bare.length() <= TERM_CHARS || r.frame().english() && text.split("\\s+").length <= 4;
        Set<String> ids = new LinkedHashSet<>();
        r.mentions().stream().filter(m -> m.start() >= span[0] && m.start() < span[1])
                .forEach(m -> ids.add(m.entityId()));
        ids.remove(focusId);
        Set<Integer> marks = new LinkedHashSet<>();
        boolean unreviewed = false;
        List<Aspect> asked = r.frame().aspects();
        if (term && !ids.isEmpty()) {
            for (Fact f : ev.facts()) {
                boolean reaches = f.role() == Role.ANSWER && asked.contains(f.aspect())
                        && f.path().nodes().stream().anyMatch(n -> n.id().equals(focusId))
                        && (ids.contains(f.end().id()) && !f.end().id().equals(focusId)
                            || ids.contains(f.start().id()) && !f.start().id().equals(focusId));
                if (reaches) {
                    marks.add(facts.cite(f));
                    used.add(f.path());
                    unreviewed |= f.path().relationships().stream().anyMatch(x -> TrustGate.labelled(x.trust()));
                }
            }
        }
        if (marks.isEmpty()) {
            List<String> said = new ArrayList<>();
            if (!ids.isEmpty()) {
                ids.forEach(id -> said.add(String.join("\u0000", names.apply(id))));
            }
            for (PassageHit hit : ev.retrieved()) {
                if (!statedPassage(hit, ev)) {
                    continue;
                }
                boolean about = hit.doc().entityIds().contains(focusId);
                for (String raw : SENTENCE_END.split(hit.doc().text())) {
                    String s = TextNormalizer.forMatching(raw.strip());
                    boolean supports = term ? (about || names(ev.focus().get(), names).stream().anyMatch(s::contains))
                            && (ids.isEmpty() ? named(s, List.of(bare)) : said.stream().allMatch(
                                    n -> named(s, List.of(n.split("\u0000")))))
                            : statement(TextNormalizer.forMatching(text), s);
                    if (supports) {
                        marks.add(book.citeSentences(hit.doc(), List.of(raw.strip())));
                        quoted.add(hit.doc());
                        unreviewed |= TrustGate.labelled(hit.doc().trust());
                        break;
                    }
                }
            }
        }
        return new Checked(letter, text, marks, unreviewed);
    }

    /** A passage the answer may state (the evidence lists every retrieved one; its quotes are the stated ones). */
    private static boolean statedPassage(PassageHit hit, Evidence ev) {
        return ev.quotes().stream().anyMatch(q -> q.doc().id().equals(hit.doc().id()))
                || !TrustGate.labelled(hit.doc().trust());
    }

    private static List<String> names(Entity e, Function<String, List<String>> names) {
        List<String> out = new ArrayList<>(names.apply(e.id()).stream().map(TextNormalizer::forMatching).toList());
        out.add(TextNormalizer.forMatching(e.name()));
        out.removeIf(n -> n.length() < 2);
        return out;
    }

    /** Whether the sentence names one of the names, not denied right before it (「不伴头痛」). */
    private static boolean named(String sentence, List<String> names) {
        for (String raw : names) {
            String n = TextNormalizer.forMatching(raw);
            if (n.length() < 2) {
                continue;
            }
            int at = sentence.indexOf(n);
            while (at >= 0) {
                if (!DENIED.matcher(sentence.substring(Math.max(0, at - 6), at)).find()) {
                    return true;
                }
                at = sentence.indexOf(n, at + 1);
            }
        }
        return false;
    }

    /**
     * Whether one sentence holds nearly every pair of adjacent characters of a Chinese statement (every word of four
     * letters or more of an English one), with the same polarity: 「应给予抗凝」 is not supported by 「不应给予抗凝」.
     *
     * @param option   the statement, folded
     * @param sentence the sentence, folded
     */
    static boolean statement(String option, String sentence) {
        boolean latin = option.chars().filter(Character::isLetter).allMatch(c -> c < 128);
        Set<String> parts = new LinkedHashSet<>();
        String s;
        if (latin) {
            for (String w : option.split("[^a-z0-9]+")) {
                if (w.length() >= 4) {
                    parts.add(w);
                }
            }
            s = " " + String.join(" ", sentence.split("[^a-z0-9]+")) + " ";
            parts = new LinkedHashSet<>(parts.stream().map(w -> " " + w + " ").toList());
        } else {
            String b = bare(option);
            for (int i = 0; i + 2 <= b.length(); i++) {
                parts.add(b.substring(i, i + 2));
            }
            s = bare(sentence);
        }
        if (parts.size() < 3) {
            return false;
        }
        String hold = s;
        long held = parts.stream().filter(hold::contains).count();
        return held >= STATEMENT_COVERAGE * parts.size()
                && deniedAlike(latin ? option : bare(option), latin ? sentence : s, parts);
    }

    /**
     * Whether what the statement denies the sentence denies too, and the sentence denies none of what the statement
     * affirms: read at each negative word and the words right after it («若无禁忌» elsewhere in the sentence is no matter).
     */
    private static boolean deniedAlike(String option, String sentence, Set<String> parts) {
        java.util.regex.Matcher o = NEGATIVE.matcher(option);
        while (o.find()) {
            String denied = option.substring(o.start(), Math.min(option.length(), o.end() + 3));
            if (!sentence.contains(denied)) {
                return false;
            }
        }
        java.util.regex.Matcher m = NEGATIVE.matcher(sentence);
        while (m.find()) {
            String after = sentence.substring(m.end(), Math.min(sentence.length(), m.end() + 6)).strip();
            String denied = sentence.substring(m.start(), Math.min(sentence.length(), m.end() + 3));
            boolean aboutOption = parts.stream().map(String::strip).anyMatch(p -> after.startsWith(p)
                    || after.length() >= 2 && p.length() >= 2 && after.substring(0, 2).equals(p.substring(0, 2)));
            if (aboutOption && !option.contains(denied)) {
                return false;
            }
        }
        return true;
    }

    /** 「A、B或C」, "A, B or C". */
    private static String or(List<String> items, boolean en) {
        return String.join(en ? ", " : "、", items.subList(0, items.size() - 1)) + (en ? " or " : "或") + items.getLast();
    }

    private static String bare(String folded) {
        return folded.replaceAll("[\\s\\p{P}\\p{S}]+", "");
    }

    /** An option as the answer shows it: its letter, with its text when short («C（脑膜刺激征）»). */
    private static String shown(Checked c, boolean en) {
        int most = en ? SHOWN_CHARS * 2 : SHOWN_CHARS;
        String t = c.text();
        if (t.length() > most) {
            // an English option is cut at a word, a Chinese one anywhere
            int cut = en ? Math.max(t.lastIndexOf(' ', most), most / 2) : most;
            t = t.substring(0, cut).strip() + "…";
        }
        return en ? c.letter() + " (" + t + ")" : c.letter() + "（" + t + "）";
    }

    /** The answer: what is supported, with its evidence; what is not; and what that does and does not show. */
    private static String say(List<Checked> checked, String relation, String focusCited, boolean en) {
        List<Checked> yes = checked.stream().filter(c -> !c.marks().isEmpty()).toList();
        List<Checked> no = checked.stream().filter(c -> c.marks().isEmpty()).toList();
        boolean label = yes.stream().anyMatch(Checked::unreviewed);
        List<String> supported = yes.stream().map(c -> shown(c, en) + String.join("",
                c.marks().stream().map(FactSentences::mark).toList())).toList();
        List<String> unsupported = no.stream().map(c -> shown(c, en)).toList();
        String as = relation.isEmpty() ? (en ? "" : "的说法") : (en ? " as " + relation : "为" + relation);
        StringBuilder out = new StringBuilder(label ? TrustGate.label(en) : "");
        if (yes.isEmpty()) {
            return en ? "The knowledge base has " + focusCited + ", but nothing supporting any of the options"
                    + (relation.isEmpty() ? "" : " as " + relation) + ", so it cannot tell which one the item means; "
                    + "its silence does not show that any option is false."
                    : "知识库中有" + focusCited + "，但没有支持任何一个选项" + (relation.isEmpty() ? "" : "为" + relation)
                    + "的资料，无法据此判断是哪一项；没有资料并不说明哪个选项是错误的。";
        }
        out.append(en ? "The knowledge base supports " + (relation.isEmpty() ? "the statements " : "")
                + Phrases.list(supported, true) + as
                : "知识库支持" + Phrases.list(supported, false) + as);
        // one sentence, so the claim of absence carries its citation: what the knowledge base has on the topic
        if (no.isEmpty()) {
            out.append(en ? "; it supports every option, so it cannot tell which one the item means."
                    : "；每个选项都有知识库的支持，无法据此找出不是的一项。");
        } else if (no.size() == 1) {
            String c = String.valueOf(no.getFirst().letter());
            out.append(en ? "; on " + focusCited + " it has nothing supporting " + unsupported.getFirst() + ", so " + c
                    + " is the one the knowledge base does not support."
                    : "；知识库中有" + focusCited + "，但没有支持" + unsupported.getFirst() + "的资料，" + c + "是知识库不支持的一项。");
        } else {
            out.append(en ? "; on " + focusCited + " it has nothing supporting " + or(unsupported, true)
                    + ": the knowledge base does not support these, but its silence does not show that any of them is false."
                    : "；知识库中有" + focusCited + "，但没有支持" + or(unsupported, false) + "的资料：这几项知识库都不支持，"
                    + "但没有资料并不说明它们是错误的。");
        }
        return out.toString();
    }

    /** The focus's citation number: its own where the answer cites it, else a new citation of its description. */
    private static int citeFocus(List<Answer.Citation> cites, Entity e) {
        return cites.stream().filter(x -> x.id().equals(e.id())).mapToInt(Answer.Citation::n).findFirst()
                .orElseGet(() -> {
                    cites.add(new Answer.Citation(cites.size() + 1, "graph", e.id(),
                            e.sources().isEmpty() ? "" : e.sources().getFirst(),
                            e.description().isBlank() ? e.name() : e.name() + "：" + e.description(),
                            e.descriptionTrust()));
                    return cites.size();
                });
    }
}
