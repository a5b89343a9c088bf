package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.Relation;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;
import org.strokekg.text.TextNormalizer;

/**
 * The answer when no model is configured: sentences composed only from the retrieved graph facts and passages, each
 * citing its evidence by number. Nothing is said that the evidence does not say; with no evidence the answer says so.
 * It states what it is given ({@link TrustGate} has left out what the request may not state); a sentence that states
 * unreviewed knowledge opens with the label, and unreviewed facts are never grouped with reviewed ones.
 */
final class AnswerComposer {

    private static final int MAX_PASSAGE_SENTENCES = 3;
    private static final int MAX_LIST = 6;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？!?；;])");
    private static final Pattern LATIN = Pattern.compile("[A-Za-z][A-Za-z0-9 .,'()/+-]*");

    /** The composed text (simplified Chinese or English), its numbered evidence, and the paths and passages used. */
    record Composition(String text, List<Answer.Citation> citations, List<GraphPath> paths, List<PassageDoc> passages) {
    }

    Composition compose(String question, boolean english, List<Entity> linked, Set<Intent> intents,
                        List<GraphPath> facts, List<PassageHit> passages) {
        EvidenceBook book = new EvidenceBook();
        List<String> sentences = new ArrayList<>();
        List<GraphPath> used = new ArrayList<>();
        Set<String> said = new LinkedHashSet<>();

        boolean define = intents.contains(Intent.DEFINITION) || (intents.isEmpty() && linked.size() == 1);
        for (Entity e : linked.subList(0, Math.min(define ? 2 : 0, linked.size()))) {
            // an English reader gets the English description where the entity has one (every curated entity does)
            String description = english && !e.descriptionEn().isBlank() ? e.descriptionEn() : e.description();
            if (!description.isBlank()) {
                sentences.add(labelled(TrustGate.labelled(e.descriptionTrust()), end(name(e, english)
                        + (english ? ": " : "：") + strip(description) + mark(book.cite(e)), english), english));
            }
        }

        // facts come in order of how well they answer; one-step facts about the same entity and relation are one
        // sentence ("痉挛可采用A[1]、B[2]治疗"), placed where the group's best fact ranks
        Map<String, List<GraphPath>> groups = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (GraphPath p : facts) {
            if (p.length() <= 2) {
                // a two-step path reads as two facts, each grouped with its like: "痉挛可出现手臂僵硬[1]。痉挛可采用A[2]、B[3]治疗。"
                for (GraphPath hop : hops(p)) {
                    String key = groupKey(hop);
                    if (!groups.containsKey(key)) {
                        order.add(key);
                    }
                    List<GraphPath> group = groups.computeIfAbsent(key, k -> new ArrayList<>());
                    // a relation met again as a step of a longer path is listed once ("A[8]和A[8]" otherwise)
                    String id = hop.relationships().getFirst().id();
                    if (group.stream().noneMatch(g -> g.relationships().getFirst().id().equals(id))) {
                        group.add(hop);
                    }
                }
                used.add(p);
            } else {
                order.add(p);
            }
        }
        for (Object item : order) {
            if (item instanceof GraphPath p) {
                pathSentence(p, english, book, said).ifPresent(s -> {
                    sentences.add(s);
                    used.add(p);
                });
            } else {
                List<GraphPath> group = groups.get((String) item).stream()
                        .filter(p -> !said.contains(p.relationships().getFirst().id())).limit(MAX_LIST).toList();
                if (!group.isEmpty()) {
                    sentences.add(groupSentence(group, english, book, said));
                }
            }
        }

        List<PassageDoc> usedPassages = new ArrayList<>();
        Relevance relevance = new Relevance(question, linked);
        for (PassageHit hit : passages) {
            if (usedPassages.size() >= MAX_PASSAGE_SENTENCES) {
                break;
            }
            Optional<String> extract = relevance.bestSentence(hit.doc().text());
            if (extract.isEmpty()) {
                continue;
            }
            int n = book.cite(hit.doc());
            // quoted text reaches OpenAI clients that may feed it to a model: no control tokens in it
            String s = PromptBuilder.defuse(extract.get());
            boolean chineseText = !PassageDoc.EN.equals(hit.doc().lang());
            sentences.add(labelled(TrustGate.labelled(hit.doc().trust()),
                    english && chineseText ? "Reference " + mark(n) + " (in Chinese): " + s : insertMark(s, mark(n)),
                    english));
            usedPassages.add(hit.doc());
        }

        if (book.isEmpty()) {
            return new Composition(notFound(english), List.of(), List.of(), List.of());
        }
        return new Composition(String.join(english ? " " : "", sentences), book.citations(), used, usedPassages);
    }

    /** A two- or three-step path as one sentence, step by step; steps already said are left out. */
    private static Optional<String> pathSentence(GraphPath p, boolean english, EvidenceBook book, Set<String> said) {
        List<String> clauses = new ArrayList<>();
        boolean unreviewed = false;
        for (Relation r : p.relationships()) {
            if (!said.add(r.id())) {
                continue;
            }
            unreviewed |= TrustGate.labelled(r.trust());
            Entity s = node(p, r.startId());
            Entity o = node(p, r.endId());
            clauses.add(Phrases.clause(r.type(), name(s, english), name(o, english), english) + evidence(r, english)
                    + mark(book.cite(r, describe(r, s, o))));
        }
        if (clauses.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(labelled(unreviewed, end(capitalise(String.join(english ? "; " : "，", clauses), english),
                english), english));
    }

    private static String groupSentence(List<GraphPath> group, boolean english, EvidenceBook book, Set<String> said) {
        Relation first = group.getFirst().relationships().getFirst();
        Entity anchor = group.getFirst().nodes().getFirst();
        boolean outgoing = first.startId().equals(anchor.id());
        List<String> items = new ArrayList<>();
        for (GraphPath p : group) {
            Relation r = p.relationships().getFirst();
            said.add(r.id());
            Entity other = p.nodes().get(1);
            Entity s = outgoing ? anchor : other;
            Entity o = outgoing ? other : anchor;
            items.add(name(other, english) + evidence(r, english) + mark(book.cite(r, describe(r, s, o))));
        }
        String list = Phrases.list(items, english);
        String text = outgoing ? Phrases.clause(first.type(), name(anchor, english), list, english)
                : Phrases.clause(first.type(), list, name(anchor, english), english);
        boolean unreviewed = group.stream().anyMatch(p -> TrustGate.labelled(p.relationships().getFirst().trust()));
        return labelled(unreviewed, end(capitalise(text, english), english), english);
    }

    /** A path's steps as one-step paths, each starting from the step's nearer end. */
    private static List<GraphPath> hops(GraphPath p) {
        List<GraphPath> out = new ArrayList<>();
        for (int i = 0; i < p.length(); i++) {
            out.add(new GraphPath(List.of(p.nodes().get(i), p.nodes().get(i + 1)), List.of(p.relationships().get(i))));
        }
        return out;
    }

    /** Facts of one anchor, relation and direction read as one sentence; unreviewed ones as a labelled one of their own. */
    private static String groupKey(GraphPath p) {
        Relation r = p.relationships().getFirst();
        Entity anchor = p.nodes().getFirst();
        return anchor.id() + "|" + r.type() + "|" + r.startId().equals(anchor.id()) + "|"
                + TrustGate.labelled(r.trust());
    }

    /** The sentence, opened by the unreviewed label when it states unreviewed knowledge. */
    private static String labelled(boolean unreviewed, String sentence, boolean english) {
        return unreviewed ? TrustGate.label(english) + sentence : sentence;
    }

    private static String strip(String description) {
        String d = description.strip();
        return d.endsWith("。") || d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    static String notFound(boolean english) {
        return english
                ? "The knowledge base has no information on this question, so no evidence-based answer can be given. "
                        + "Please ask a neurologist or a rehabilitation physician."
                : "知识库中没有找到与该问题相关的内容，无法给出有依据的回答。建议咨询神经内科或康复科医生。";
    }

    private static String describe(Relation r, Entity s, Entity o) {
        return Phrases.clause(r.type(), s.name(), o.name(), false) + r.evidence().map(e -> "（" + e + "）").orElse("");
    }

    private static String evidence(Relation r, boolean english) {
        return r.evidence().filter(e -> !english && e.length() <= 40).map(e -> "（" + e + "）").orElse("");
    }

    static String name(Entity e, boolean english) {
        if (english) {
            for (String a : e.aliases()) {
                if (LATIN.matcher(a).matches()) {
                    return a;
                }
            }
        }
        return e.name();
    }

    private static Entity node(GraphPath p, String id) {
        return p.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    static String mark(int n) {
        return "[" + n + "]";
    }

    private static String end(String s, boolean english) {
        return english ? s + "." : s + "。";
    }

    private static String capitalise(String s, boolean english) {
        return english && !s.isEmpty() ? Character.toUpperCase(s.charAt(0)) + s.substring(1) : s;
    }

    /** Puts the citation before the sentence's closing punctuation: "…训练。" → "…训练[3]。" */
    private static String insertMark(String sentence, String mark) {
        char last = sentence.charAt(sentence.length() - 1);
        if (last == '.') {
            return sentence.substring(0, sentence.length() - 1) + mark + ".";   // an English passage's sentence
        }
        if ("。！？；!?;".indexOf(last) >= 0) {
            return sentence.substring(0, sentence.length() - 1) + mark + (last == '；' || last == ';' ? '。' : last);
        }
        return sentence + mark + "。";
    }
}
