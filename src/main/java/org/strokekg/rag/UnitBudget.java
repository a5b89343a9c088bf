package org.strokekg.rag;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strokekg.graph.Entity;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.rag.Evidence.Role;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.text.TextNormalizer;

/**
 * Fewer, fitting units: of the evidence selected, an answer states facts about the focus (or the other entity of a
 * comparison or relation, or an option of an exam item) that answer the asked aspect, and no more of one aspect than a
 * reader takes in as one answer. A fact about neither is dropped rather than padded in (a differential's candidates
 * excepted: they are chosen for the case by {@link Differential}). A question that names a topic but asks nothing
 * recognisable of it in a case or a research question (an overview of stroke for "Does the NIHSS favour left
 * hemisphere strokes?") gets no overview of the topic's neighbourhood: only what the topic is and at most one passage
 * sentence.
 *
 * <p>The caps: a list aspect (symptoms, causes, treatments, tests…) at most {@value #LIST_CAP} facts, best first (the
 * default number of graph facts an answer reads; measured on the stroke dev set, a cap of 6 cut relevant treatments
 * such as mannitol for a bleed, so a longer list is left to the request's {@code maxPaths}); the kinds of a thing asked what it is,
 * {@value #DEFINITION_CAP}; an overview asked of nothing in particular, {@value #OVERVIEW_CAP}: one line per side of
 * the topic, not its neighbourhood. Cautions are never capped: they say why something may not fit this patient.
 */
final class UnitBudget {

    static final int LIST_CAP = 8;
    static final int DEFINITION_CAP = 5;
    static final int OVERVIEW_CAP = 4;

    private UnitBudget() {
    }

    static Evidence fit(Evidence ev, String question) {
        return fit(ev, question, LeftOut.strokeAsked(question, ev.linked()));
    }

    /** The same, with {@link LeftOut#strokeAsked} of the question and {@code ev}'s linked entities already read. */
    static Evidence fit(Evidence ev, String question, boolean strokeAsked) {
        Frame frame = ev.frame();
        if (frame.unknownSubject().isPresent()) {
            return ev; // answered by GapAnswer, from passages that name the term only
        }
        Set<String> about = new LinkedHashSet<>();
        ev.focus().map(Entity::id).ifPresent(about::add);
        ev.others().forEach(o -> about.add(o.id()));
        frame.candidates().stream().map(Focus::id).forEach(about::add);
        // an exam item's options are what its facts are read for: those are kept
        // a case read as "what is" its background condition (「住院1周的卒中患者出现发热咳脓痰，最可能的病原体是」)
        // asks something of the case, not the condition's definition and kinds: treated as a topic asked nothing of
        boolean idle = frame.aspects().size() == 1 && frame.candidates().isEmpty()
                && (frame.aspect() == Aspect.OVERVIEW && (frame.setting() == Frame.Setting.VIGNETTE
                || ResearchCues.research(question, frame)) || BesideThePoint.caseReadAsDefinition(frame, question));
        // a symptom as the focus is answered through the conditions it belongs to (GraphEvidence's bridge, fitted to
        // the patient): only a condition as the focus makes a fact about another entity another question's fact
        boolean condition = ev.focus().filter(e -> e.type().equals("Disease") || e.type().equals("Complication"))
                .isPresent();
        Map<Aspect, Integer> stated = new EnumMap<>(Aspect.class);
        List<Fact> kept = new ArrayList<>();
        // a question that is not about the brain or its vessels gets no fact about stroke (LeftOut), as it gets no
        // passage about stroke patients
        boolean bridged = ev.focus().map(e -> e.type().equals("Symptom")).orElse(true);
        // 「…留置胃管期间，哪项措施不能预防肺炎」: the prevention asked is of something else than the focus
        boolean otherPrevented = frame.aspect() == Aspect.PREVENTION
                && BesideThePoint.preventsAnother(question, ev.focus().map(PassageQuotes::keys).orElse(Set.of()));
        for (Fact f : ev.facts()) {
            if (f.role() == Role.CAUTION) {
                kept.add(f);
                continue;
            }
            if (otherPrevented && f.aspect() == Aspect.PREVENTION) {
                continue;
            }
            if (!strokeAsked && LeftOut.strokeFact(f, bridged)) {
                continue;
            }
            if (idle) {
                continue;
            }
            boolean touches = f.path().nodes().stream().anyMatch(n -> about.contains(n.id()));
            if (condition && !touches && f.aspect() != Aspect.DIFFERENTIAL) {
                continue; // about neither the focus nor what it is compared with: another question's fact
            }
            if (stated.merge(f.aspect(), 1, Integer::sum) > cap(f.aspect())) {
                continue;
            }
            kept.add(f);
        }
        kept = withoutPadding(ev, kept, question);
        List<Quote> quotes = idle ? ev.quotes().stream().limit(1).toList() : ev.quotes();
        if (otherPrevented) {
            quotes = quotes.stream().filter(q -> q.aspect() != Aspect.PREVENTION).toList();
        }
        Set<String> ranked = BesideThePoint.rankedAsked(frame, kept, question);
        if (!ranked.isEmpty()) {
            // 「脑出血最常见的病因」 answered by 高血压: a passage on a rarer cause of the asked aspect answers "which others"
            quotes = quotes.stream().filter(q -> q.aspect() != frame.aspect() || q.sentences().stream()
                    .map(TextNormalizer::forMatching).anyMatch(x -> ranked.stream().anyMatch(x::contains))).toList();
        }
        quotes = BesideThePoint.quotes(frame, kept, quotes, question);
        Optional<Entity> focus = strokeAsked ? ev.focus() : ev.focus().map(LeftOut::withoutStrokeDescription);
        if (otherPrevented && kept.stream().noneMatch(f -> f.role() == Role.ANSWER)) {
            // nothing on the complication whose prevention is asked: "nothing found", not "the knowledge base has 脑出血
            // but nothing on its prevention", which would be untrue of the focus and is not what was asked
            focus = Optional.empty();
        }
        if (kept.equals(ev.facts()) && quotes.size() == ev.quotes().size() && focus.equals(ev.focus())) {
            return ev;
        }
        return new Evidence(frame, ev.linked(), focus, ev.others(), kept, quotes, ev.retrieved(), ev.withheld(),
                ev.graphMs(), ev.passagesMs());
    }

    /**
     * The facts of the asked aspect that answer another question once the asked one is answered (LeftOut): a
     * condition's other rehabilitation methods beside the one named and described (「Bobath…的重点」), a bleed's risk
     * factors for 「易造成X的疾病」 where the diseases that cause it are known, the operations for 「X的内科治疗」 where
     * medical treatments are known. Each drops only where what is left still answers.
     */
    private static List<Fact> withoutPadding(Evidence ev, List<Fact> kept, String question) {
        Frame frame = ev.frame();
        List<Fact> out = kept;
        Set<String> named = new LinkedHashSet<>();
        String folded = TextNormalizer.forMatching(question);
        ev.others().stream().filter(o -> !o.type().equals("Food") && described(o) && written(o, folded))
                .forEach(o -> named.add(o.id()));
        if (NamedIntervention.asked(frame) && !named.isEmpty()) {
            // the method named is said by its description: the condition's other methods answer "which methods"
            out = out.stream().filter(f -> f.role() == Role.CAUTION || f.aspect() != frame.aspect()
                    || f.path().nodes().stream().anyMatch(n -> named.contains(n.id()))).toList();
        }
        if (frame.aspect() == Aspect.DEFINITION && frame.topic().filter(t -> t.equals("frequency")
                || t.equals("genetic") || t.equals(AspectCues.RESEARCH_TOPIC)).isPresent()) {
            // 「X的发病率」「X会遗传吗」: its types answer "what kinds are there", not how common or inherited it is
            out = out.stream().filter(f -> f.aspect() != Aspect.DEFINITION || f.role() == Role.CAUTION).toList();
        }
        if (frame.aspect() == Aspect.CAUSE && DISEASE_ASKED.matcher(TextNormalizer.forMatching(question)).find()
                && out.stream().anyMatch(f -> f.aspect() == Aspect.CAUSE && f.relation().type().equals("CAUSES"))) {
            out = out.stream().filter(f -> f.aspect() != Aspect.CAUSE
                    || !f.relation().type().equals("RISK_FACTOR_OF")).toList();
        }
        if (LeftOut.medicalAsked(question)) {
            java.util.function.Predicate<Fact> surgical = f -> (f.aspect() == Aspect.TREATMENT
                    || f.aspect() == Aspect.DRUGS) && f.role() == Role.ANSWER
                    && LeftOut.SURGICAL.matcher(TextNormalizer.forMatching(f.end().name())).find();
            if (out.stream().anyMatch(f -> f.aspect() == frame.aspect() && f.role() == Role.ANSWER
                    && !surgical.test(f))) {
                out = out.stream().filter(surgical.negate()).toList();
            }
        }
        if (frame.aspect() == Aspect.CAUSE) {
            out = mostCommonFirst(out, frame);
        }
        out = BesideThePoint.apply(frame, out, question);
        if (SUPERLATIVE.matcher(TextNormalizer.forMatching(question)).find()) {
            // 「最重要的措施」: what the knowledge base itself marks first-line or most important goes first; the rest
            // follows as listed, and no sentence claims a rank the evidence does not give
            List<Fact> marked = out.stream().filter(f -> f.aspect() == frame.aspect() && ranked(f)).toList();
            if (!marked.isEmpty()) {
                List<Fact> reordered = new ArrayList<>(marked);
                out.stream().filter(f -> !marked.contains(f)).forEach(reordered::add);
                out = reordered;
            }
        }
        return out;
    }

    /**
     * Causes as a clinician lists them: what the knowledge base marks as the most common or main cause first, then the
     * usual ones, and last those its note ties to children or young adults (moyamoya's 「儿童常在哭闹…时诱发」, a
     * dissection's 「青年卒中的重要病因」); for a child or a young adult, those first (and for a child the adult's
     * most common cause last). Without it the rarer causes curated for young
     * patients led 「TIA的主要病因」 and atherosclerosis came after them (holdout review, 2026-12-07). Only the cause
     * facts move, each into a place a cause fact held.
     */
    private static List<Fact> mostCommonFirst(List<Fact> facts, Frame frame) {
        boolean child = frame.patient().young();
        boolean youngPatient = child
                || frame.patient().ageYears().filter(a -> a < PatientFit.YOUNG_ADULT_MAX).isPresent();
        java.util.function.Predicate<Fact> ofTheYoung = f -> f.relation().evidence().map(TextNormalizer::forMatching)
                .filter(e -> PatientFit.YOUNG.matcher(e).find() || PassageQuotes.CHILD_WORDS.matcher(e).find())
                .isPresent();
        // for a child or a young adult the causes noted for them come first; an adult's most common cause
        // (atherosclerosis) is last for a child, for whom it is the rarest
        java.util.function.ToIntFunction<Fact> rank = child ? f -> ofTheYoung.test(f) ? 0 : ranked(f) ? 2 : 1
                : youngPatient ? f -> ofTheYoung.test(f) ? 0 : ranked(f) ? 1 : 2
                : f -> ranked(f) ? 0 : ofTheYoung.test(f) ? 2 : 1;
        java.util.function.Predicate<Fact> cause = f -> f.aspect() == Aspect.CAUSE && f.role() == Role.ANSWER;
        List<Fact> causes = facts.stream().filter(cause).sorted(java.util.Comparator.comparingInt(rank)).toList();
        List<Fact> out = new ArrayList<>(facts.size());
        int next = 0;
        for (Fact f : facts) {
            out.add(cause.test(f) ? causes.get(next++) : f);
        }
        return out;
    }

    /** "Which is the most X": 最重要, 首选, 最常见, 主要病因, first-line, most important. */
    private static final java.util.regex.Pattern SUPERLATIVE = java.util.regex.Pattern.compile(
            "最(重要|主要|关键|有效|常见|常用|多见|好发|佳|理想|适宜)|(?<![次不])主要|首选|\\bfirst-line\\b|\\bmost (important|common|effective|"
                    + "appropriate|likely)\\b|\\bbest\\b");
    /** A rank the knowledge base gives a fact: in its note or in the name it states. */
    private static final java.util.regex.Pattern RANK = java.util.regex.Pattern.compile(
            "最(重要|主要|常见|多见|有效)|首选|一线|基础用药|\\bfirst-line\\b|\\bmost (important|common|effective)\\b");

    static boolean ranked(Fact f) {
        String said = f.end().name() + " " + f.start().name() + " " + f.relation().evidence().orElse("");
        return RANK.matcher(TextNormalizer.forMatching(said)).find();
    }

    /** 「易造成蛛网膜下腔出血的疾病是」: the diseases that cause it, not its risk factors. */
    private static final java.util.regex.Pattern DISEASE_ASKED = java.util.regex.Pattern.compile(
            "(造成|引起|导致|诱发)[^，。？?；;]{0,10}的(疾病|病)|(哪些|什么|哪种)(疾病|病)(可|会|能|易|容易|常|最常)?(造成|引起|导致)"
                    + "|\\bwhich (diseases?|conditions?) (can |may )?cause");

    /**
     * Whether the question writes the entity's name or an alias of at least three characters (four in Latin letters):
     * a method named in so many words, not one a two-letter alias (OT) linked by chance.
     */
    private static boolean written(Entity e, String folded) {
        java.util.List<String> names = new java.util.ArrayList<>(e.aliases());
        names.add(e.name());
        return names.stream().map(TextNormalizer::forMatching).anyMatch(n -> n.length() >= (n.chars()
                .allMatch(c -> c < 128) ? 4 : 3) && folded.contains(n));
    }

    /** Whether an entity's description is one the answer states (curated, or unreviewed and labelled). */
    private static boolean described(Entity e) {
        return !e.description().isBlank() && (Provenance.curated(e) || TrustGate.labelled(e.descriptionTrust()));
    }

    private static int cap(Aspect aspect) {
        return switch (aspect) {
            case DEFINITION -> DEFINITION_CAP;
            case OVERVIEW -> OVERVIEW_CAP;
            case DIFFERENTIAL, COMPARISON, RELATION -> Integer.MAX_VALUE; // capped where they are chosen
            default -> LIST_CAP;
        };
    }
}
