package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.rag.Evidence.Role;
import org.strokekg.rag.Evidence.Why;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.search.PassageDoc;

/**
 * The answer when no model is configured, composed for the frame from the selected evidence only, one paragraph per
 * aspect asked, each in that aspect's voice: the definition first for "what is"; a side-by-side paragraph per entity
 * for a comparison; numbered steps for what to do now; a sentence per group of causes or symptoms; passage sentences
 * quoted with their subject; cautions apart, saying why a treatment may not fit this patient. Where the graph knows
 * the focus but nothing of the aspect, it says exactly that instead of filling the answer with other aspects.
 */
final class AnswerComposer {

    private static final java.util.Set<String> CONDITIONS = java.util.Set.of("Disease", "Complication", "Symptom");

    /** The composed text (simplified Chinese or English), its numbered evidence, and the paths and passages used. */
    record Composition(String text, List<Answer.Citation> citations, List<GraphPath> paths, List<PassageDoc> passages) {
    }

    Composition compose(Evidence ev, TrustGate gate) {
        return compose(ev, gate, true);
    }

    /**
     * @param neurological whether the question is about the brain, its vessels or what a stroke leaves
     *                     ({@link LeftOut#strokeAsked}): the referral of "nothing found" fits the asker
     */
    Composition compose(Evidence ev, TrustGate gate, boolean neurological) {
        return compose(ev, gate, neurological, "");
    }

    /**
     * @param question the question as asked: a study question's gap names the relation it asks in its own words
     *                 ({@link StudyQuestion#whether})
     */
    Composition compose(Evidence ev, TrustGate gate, boolean neurological, String question) {
        Frame frame = ev.frame();
        Optional<String> whether = frame.english() && frame.topic().filter(AspectCues.RESEARCH_TOPIC::equals).isPresent()
                ? StudyQuestion.whether(question) : Optional.empty();
        if (frame.unknownSubject().isPresent()) {
            return GapAnswer.compose(ev, gate); // what is asked is not in the graph: say so, not its context's facts
        }
        if (DiagnosisAnswer.asked(frame)) {
            return DiagnosisAnswer.compose(ev); // a case's diagnosis: the condition its findings fit, or that none does
        }
        boolean en = frame.english();
        EvidenceBook book = new EvidenceBook();
        FactSentences facts = new FactSentences(book, en);
        if (frame.topic().filter(HubQuestion.UNASKED::equals).isPresent() && ev.focus().isPresent()) {
            // only the hub named, something else asked: its definition, types and signs answer nobody (HubQuestion)
            Entity hub = ev.focus().get();
            if (!Provenance.curated(hub)) {
                return new Composition(notFound(ev, gate, neurological), List.of(), List.of(), List.of());
            }
            String name = facts.name(hub).orElse(hub.name());
            return new Composition(Wording.unasked(name + FactSentences.mark(book.cite(hub)), name, en),
                    book.citations(), List.of(), List.of());
        }
        List<String> paragraphs = new ArrayList<>();
        List<GraphPath> used = new ArrayList<>();
        List<PassageDoc> quoted = new ArrayList<>();
        Optional<String> focusName = ev.focus().flatMap(facts::name).or(() -> ev.focus().map(Entity::name));
        // "the knowledge base has X but nothing on its Y" of an aspect beside the one asked: said only where the
        // answer would otherwise say nothing (LeftOut)
        List<String> sideGaps = new ArrayList<>();
        int gaps = 0;
        boolean deferDefinition = false;

        for (Aspect a : frame.aspects()) {
            if (a == Aspect.RELATION && a != frame.aspect() && ev.others().isEmpty()) {
                continue; // 「易造成X的疾病」 asks its causes: a relation to nothing named is not asked (LeftOut)
            }
            List<String> s = new ArrayList<>();
            boolean gapOnly = false;
            List<Fact> answers = ev.facts(a).stream().filter(f -> f.role() == Role.ANSWER).toList();
            boolean activity = a == Aspect.DAILY_LIFE && ev.focus().filter(f -> !CONDITIONS.contains(f.type())).isPresent();
            // a TCM drug asked about in TCM terms (「安宫牛黄丸用于中风哪种证」): what it is and what it treats
            boolean tcmDrug = a == Aspect.TCM && ev.focus().filter(f -> f.type().equals("Drug")).isPresent();
            if ((a == Aspect.DEFINITION || a == Aspect.OVERVIEW || activity || tcmDrug) && ev.focus().isPresent()) {
                if (LeftOut.definitionAsked(a, frame)) {
                    // what it is; for daily life asked of the activity itself (「卒中后驾驶」), what the graph says of it
                    description(ev.focus().get(), book, facts).ifPresent(s::add);
                } else {
                    deferDefinition = true; // 「…最好发的部位是」: where, not what it is, unless nothing else is said
                }
            }
            Optional<String> food = a == Aspect.DIET ? frame.topic() : Optional.empty();
            if (food.isPresent()) {
                answers = LeftOut.aboutFood(food.get(), answers);
                // of a crawl's name with nothing on its diet, "nothing found" says as much without citing that name
                boolean anything = !answers.isEmpty() || !ev.quotes(a).isEmpty();
                if (ev.focus().isPresent() && (anything || Provenance.curated(ev.focus().get()))
                        && !FoodAsked.named(food.get(), LeftOut.foods(answers))) {
                    // 「高血压能吃柿子吗」: first that nothing is known of 柿子 for it, then the diet the graph holds
                    s.add(LeftOut.notOnFood(food.get(), focusName.orElse(ev.focus().get().name())
                            + FactSentences.mark(book.cite(ev.focus().get())), en));
                }
            }
            if (a == frame.aspect() && NamedIntervention.asked(frame) && !ev.others().isEmpty()) {
                description(ev.others().getFirst(), book, facts).ifPresent(s::add);
            }
            if (a == Aspect.COMPARISON) {
                paragraphs.addAll(sideBySide(ev, answers, book, facts));
                used.addAll(answers.stream().map(Fact::path).toList());
            } else if (a == Aspect.WHAT_TO_DO_NOW) {
                s.addAll(facts.sentences(answers));
                s.add(steps(ev.quotes(a), book, facts, quoted, focusName));
                used.addAll(answers.stream().map(Fact::path).toList());
            } else {
                s.addAll(facts.sentences(answers));
                used.addAll(answers.stream().map(Fact::path).toList());
                List<String> glossed = new ArrayList<>();
                List<String> glossedUnreviewed = new ArrayList<>();
                for (Quote q : ev.quotes(a)) {
                    quoted.add(q.doc());
                    if (frame.english() && !q.english()) {
                        (TrustGate.labelled(q.doc().trust()) ? glossedUnreviewed : glossed)
                                .add(FactSentences.mark(book.citeSentences(q.doc(), q.sentences())));
                    } else {
                        s.add(quote(q, book, facts, focusName, a, frame));
                    }
                }
                // Chinese passages in an English answer: one sentence that says what they cover, never pasted
                s.addAll(glosses(focusName.orElse(""), Wording.aspect(a, frame.direction(), frame.topic(), true),
                        glossed, glossedUnreviewed));
            }
            s.removeIf(String::isBlank);
            boolean cautioned = ev.facts(a).stream().anyMatch(f -> f.role() == Role.CAUTION);
            boolean said = !s.isEmpty() || a == Aspect.COMPARISON && !paragraphs.isEmpty() || cautioned;
            // "the knowledge base has X" only of an entity the curated knowledge defines, not of a crawl's name
            if (!said && focusName.isPresent() && Provenance.curated(ev.focus().get())) {
                boolean side = a != frame.aspect();
                if (side) {
                    // an aspect beside the one asked: its "nothing on it" waits, cited only if it is said (LeftOut)
                    sideGaps.add(gap(a, frame, ev, focusName.get(), facts, en, true));
                } else {
                    String g = whether.isPresent() ? Wording.knownButNotWhether(Optional.of(focusName.get()
                            + LeftOut.FOCUS_MARK), whether.get()) : gap(a, frame, ev, focusName.get(), facts, en, false);
                    s.add(cite(g, ev, book));
                    gapOnly = !cautioned;
                }
            }
            cautions(ev.facts(a), book, facts, en).forEach(s::add);
            ev.facts(a).stream().filter(f -> f.role() == Role.CAUTION && (f.why() == Why.CHILD
                    || f.why() == Why.CONTRAINDICATED || f.why() == Why.VALVULAR)).forEach(f -> used.add(f.path()));
            if (!s.isEmpty()) {
                paragraphs.add(String.join(en ? " " : "", s));
                gaps += gapOnly && s.size() == 1 ? 1 : 0;
            }
        }
        if (paragraphs.size() == gaps && deferDefinition && ev.focus().isPresent()
                && frame.topic().filter(AspectCues.RESEARCH_TOPIC::equals).isEmpty()) {
            // nothing answers the aspect asked (at most "nothing on its prevalence"): what the focus is, after it; not
            // after "nothing on research", where what it is answers nobody asking what trials show
            description(ev.focus().get(), book, facts).ifPresent(paragraphs::add);
        }
        if (paragraphs.size() == gaps) {
            // nothing but "nothing on it": each aspect asked is said to be missing, as asked
            sideGaps.forEach(g -> paragraphs.add(cite(g, ev, book)));
        }
        if (frame.patient().young() && ev.focus().filter(f -> CONDITIONS.contains(f.type())).isPresent()
                && paragraphs.stream().noneMatch(x -> x.contains(en ? "child" : "儿"))) {
            // what the knowledge base holds is about adults: a child's question is told so, whatever was found
            paragraphs.add(Wording.childNote(ev.focus().flatMap(facts::name).orElse(ev.focus().get().name())
                    + FactSentences.mark(book.cite(ev.focus().get())), en,
                    neurological || ev.facts().stream().anyMatch(Evidence.Fact::curated)));
        }
        if (!facts.untranslated().isEmpty()) {
            paragraphs.add(Wording.untranslated(marks(facts.untranslated())));
        }
        if (!facts.untranslatedUnreviewed().isEmpty()) {
            paragraphs.add(TrustGate.label(true) + Wording.untranslated(marks(facts.untranslatedUnreviewed())));
        }
        if (whether.isPresent() && book.isEmpty()) {
            // a study question with nothing it names in the knowledge base: the relation asked, said to be missing
            return new Composition(Wording.knownButNotWhether(Optional.empty(), whether.get()), List.of(), List.of(),
                    List.of());
        }
        if (book.isEmpty() && (paragraphs.isEmpty() || ev.focus().isEmpty())
                || !neurological && whether.isEmpty() && !paragraphs.isEmpty() && paragraphs.size() == gaps) {
            // (a study question's gap names what the knowledge base has and the relation asked: it tells the asker
            // something even where the question names no brain word, as of alteplase)
            // a question not about the brain: "the knowledge base has 肝肾功能检查 but not its treatment" tells the
            // asker nothing; the plain "nothing found" does
            return new Composition(notFound(ev, gate, neurological), List.of(), List.of(), List.of());
        }
        return new Composition(String.join("\n\n", paragraphs), book.citations(), dedupe(used), quoted);
    }

    /**
     * The honest "nothing on this", naming the aspect in the user's words and citing what the knowledge base does
     * hold, the focus, at {@link LeftOut#FOCUS_MARK} (cited by the caller once the sentence is kept).
     */
    private static String gap(Aspect a, Frame frame, Evidence ev, String focusName, FactSentences facts, boolean en,
                              boolean side) {
        String known = focusName + LeftOut.FOCUS_MARK;
        if (a == Aspect.RELATION && !ev.others().isEmpty()) {
            Entity other = ev.others().getFirst();
            return Wording.noRelation(known, facts.name(other).orElse(other.name()) + LeftOut.OTHER_MARK, en);
        }
        Optional<String> topic = a == frame.aspect() ? frame.topic() : Optional.empty();
        // "关系" is no word of the asker's: a relation asked of one thing is asked as its causes
        Aspect named = a == Aspect.RELATION ? Aspect.CAUSE : a;
        String aspectName = Wording.aspect(named, side ? Frame.Direction.TO_FOCUS : frame.direction(), topic, en);
        return a == Aspect.DAILY_LIFE ? Wording.knownButNotActivity(known, focusName, aspectName, en)
                : Wording.knownButNot(known, focusName, aspectName, en);
    }

    /** A kept "nothing on this" sentence: the focus (and the other entity) it names cited where it names them. */
    private static String cite(String gap, Evidence ev, EvidenceBook book) {
        String out = gap.replace(LeftOut.FOCUS_MARK, FactSentences.mark(book.cite(ev.focus().orElseThrow())));
        return out.contains(LeftOut.OTHER_MARK)
                ? out.replace(LeftOut.OTHER_MARK, FactSentences.mark(book.cite(ev.others().getFirst()))) : out;
    }

    /** "Nothing found", saying how much found knowledge the request's trust level kept out of the answer. */
    private static String notFound(Evidence ev, TrustGate gate, boolean neurological) {
        int passages = (int) ev.retrieved().stream().filter(h -> !gate.states(h.doc().trust())).count();
        return Wording.notFound(ev.frame().english(), ev.withheld().size(), passages,
                gate.min() != org.strokekg.trust.Trust.CURATED, neurological);
    }

    /**
     * The focus's description: in English only when it has an English one (none yet: named as untranslated). The
     * evidence stage has emptied a description the request may not state; an unreviewed one that it may is labelled.
     */
    private static Optional<String> description(Entity e, EvidenceBook book, FactSentences facts) {
        boolean unreviewed = TrustGate.labelled(e.descriptionTrust());
        if (e.description().isBlank() || !unreviewed && !Provenance.curated(e)) {
            return Optional.empty();
        }
        int n = book.cite(e);
        Optional<String> name = facts.name(e);
        boolean en = facts.end("").equals(".");
        if (en) {
            Optional<String> english = EnglishText.description(e);
            if (english.isPresent()) {
                String said = name.orElse(e.name()) + ": " + strip(english.get()) + FactSentences.mark(n) + ".";
                return Optional.of(unreviewed ? TrustGate.labelEach(said, true) : said);
            }
            return Optional.of("The knowledge base describes " + name.orElse("this") + " only in Chinese "
                    + FactSentences.mark(n) + ".");
        }
        String said = e.name() + "：" + strip(e.description()) + FactSentences.mark(n) + "。";
        return Optional.of(unreviewed ? TrustGate.labelEach(said, false) : said);
    }

    /** A comparison: one paragraph per entity (its description and facts), then what joins them. */
    private static List<String> sideBySide(Evidence ev, List<Fact> answers, EvidenceBook book, FactSentences facts) {
        List<Entity> sides = new ArrayList<>();
        ev.focus().ifPresent(sides::add);
        sides.addAll(ev.others());
        List<String> out = new ArrayList<>();
        boolean en = ev.frame().english();
        for (Entity side : sides) {
            List<String> s = new ArrayList<>();
            description(side, book, facts).ifPresent(s::add);
            s.addAll(facts.sentences(answers.stream().filter(f -> f.path().length() == 1
                    && f.path().nodes().getFirst().id().equals(side.id())).toList()));
            if (!s.isEmpty()) {
                out.add(String.join(en ? " " : "", s));
            }
        }
        List<Fact> joining = answers.stream().filter(f -> f.path().length() > 1
                || sides.stream().noneMatch(x -> x.id().equals(f.path().nodes().getFirst().id()))).toList();
        List<String> j = facts.sentences(joining);
        if (!j.isEmpty()) {
            out.add(String.join(en ? " " : "", j));
        }
        return out;
    }

    /** What to do now, as numbered steps from the passages. */
    private static String steps(List<Quote> quotes, EvidenceBook book, FactSentences facts, List<PassageDoc> quoted,
                                Optional<String> focus) {
        List<String> lines = new ArrayList<>();
        List<String> glossed = new ArrayList<>();
        List<String> glossedUnreviewed = new ArrayList<>();
        int i = 1;
        for (Quote q : quotes) {
            quoted.add(q.doc());
            int n = book.citeSentences(q.doc(), q.sentences());
            if (facts.end("").equals(".") && !q.english()) {
                (TrustGate.labelled(q.doc().trust()) ? glossedUnreviewed : glossed).add(FactSentences.mark(n));
                continue;
            }
            for (String sentence : q.sentences()) {
                // 「1）」, not "1.": a numbered step must not read as a sentence of its own
                lines.add(i++ + (q.english() ? ") " : "）") + (TrustGate.labelled(q.doc().trust())
                        ? TrustGate.label(q.english()) : "") + insertMark(sentence, FactSentences.mark(n)));
            }
        }
        lines.addAll(glosses(focus.orElse(""), "first steps", glossed, glossedUnreviewed));
        return String.join("\n", lines);
    }

    /**
     * The English gloss of Chinese passages cited by their marks: one sentence for the reviewed ones, one opened by
     * the label for the unreviewed ones (none where a list is empty).
     */
    private static List<String> glosses(String subject, String aspect, List<String> reviewed, List<String> unreviewed) {
        List<String> out = new ArrayList<>(2);
        if (!reviewed.isEmpty()) {
            out.add(Wording.gloss(subject, aspect, String.join("", reviewed)));
        }
        if (!unreviewed.isEmpty()) {
            out.add(TrustGate.label(true) + Wording.gloss(subject, aspect, String.join("", unreviewed)));
        }
        return out;
    }

    /** A passage quote with its subject: 「短暂性脑缺血发作：……[3]。」; in English a gloss when it is Chinese. */
    private static String quote(Quote q, EvidenceBook book, FactSentences facts, Optional<String> focus, Aspect a,
                                Frame frame) {
        if (frame.english() && !q.english()) {
            int n = book.citeSentences(q.doc(), q.sentences());
            String subject = q.subject().isEmpty() || focus.isPresent() ? focus.orElse("") : "";
            return (TrustGate.labelled(q.doc().trust()) ? TrustGate.label(true) : "")
                    + Wording.gloss(subject, Wording.aspect(a, frame.direction(), frame.topic(), true), FactSentences.mark(n));
        }
        String said = q.subject();
        if (frame.english() && !said.isEmpty() && said.codePoints().anyMatch(Character::isIdeographic)) {
            // an English quote's subject in English: the focus's English name, else none rather than Chinese
            said = focus.filter(f -> f.codePoints().noneMatch(Character::isIdeographic)).orElse("");
        }
        String subject = said.isEmpty() ? "" : said + (frame.english() ? ": " : "：");
        // the citation shows the quote as said, subject included, so the claim is checked whole
        String mark = FactSentences.mark(book.citeSentences(q.doc(), q.sentences(), subject));
        // every quoted sentence carries its mark: each is a claim a reader can check against the passage
        String text = String.join(frame.english() ? " " : "", q.sentences().stream().map(x -> insertMark(x, mark)).toList());
        // unreviewed: every sentence of the quote opens with the label, not only the first
        return TrustGate.labelled(q.doc().trust()) ? TrustGate.labelEach(subject + text, frame.english())
                : subject + text;
    }

    /** Cautions of one aspect, one sentence per reason, the facts it concerns cited in it. */
    private static List<String> cautions(List<Fact> all, EvidenceBook book, FactSentences facts, boolean en) {
        Map<Why, List<Fact>> byWhy = new LinkedHashMap<>();
        all.stream().filter(f -> f.role() == Role.CAUTION).forEach(f -> byWhy.computeIfAbsent(f.why(), k -> new ArrayList<>()).add(f));
        List<String> out = new ArrayList<>();
        byWhy.forEach((why, fs) -> {
            // each treatment named once, with every fact that names it cited («阿司匹林[4][6]»)
            Map<String, String> items = new LinkedHashMap<>();
            List<String> contraindications = new ArrayList<>();
            for (Fact f : fs) {
                if (f.relation().type().equals("CONTRAINDICATED_WITH")) {
                    facts.pathSentence(f).ifPresent(contraindications::add);
                    continue;
                }
                String name = facts.name(f.end()).orElse(f.end().name());
                // a drug unsafe for this patient is cited by what it is (an antiplatelet drug…), never by the fact
                // that recommends it for the condition; an adult treatment shown to a child, by the adult fact
                int n = why == Why.CHILD || why == Why.CONTRAINDICATED || why == Why.VALVULAR ? facts.cite(f)
                        : book.cite(f.end());
                items.merge(f.end().id(), name + FactSentences.mark(n), (a, b) -> a.contains(b.substring(name.length()))
                        ? a : a + b.substring(name.length()));
            }
            if (!items.isEmpty()) {
                // a caution naming what only unreviewed knowledge holds is labelled like any such sentence
                boolean unreviewed = fs.stream().anyMatch(f -> TrustGate.labelled(f.relation().trust()));
                out.add((unreviewed ? TrustGate.label(en) : "")
                        + Wording.caution(why, Phrases.list(List.copyOf(items.values()), en), en,
                        fs.stream().anyMatch(Fact::curated)));
            }
            out.addAll(contraindications);
        });
        return out;
    }

    private static List<GraphPath> dedupe(List<GraphPath> paths) {
        Map<String, GraphPath> out = new LinkedHashMap<>();
        for (GraphPath p : paths) {
            out.putIfAbsent(String.join(",", p.relationships().stream().map(r -> r.id()).toList()), p);
        }
        return new ArrayList<>(out.values());
    }

    private static String marks(List<Integer> ns) {
        return String.join("", ns.stream().distinct().map(FactSentences::mark).toList());
    }

    private static String strip(String description) {
        String d = description.strip();
        return d.endsWith("。") || d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /** Puts the citation before the sentence's closing punctuation: "…训练。" → "…训练[3]。" */
    static String insertMark(String sentence, String mark) {
        String s = sentence.strip();
        if (s.isEmpty()) {
            return mark;
        }
        char last = s.charAt(s.length() - 1);
        if ("。！？；!?;.".indexOf(last) >= 0) {
            return s.substring(0, s.length() - 1) + mark + (last == '；' ? '。' : last == ';' ? '.' : last);
        }
        return s + mark + (s.chars().anyMatch(Character::isIdeographic) ? "。" : ".");
    }
}
