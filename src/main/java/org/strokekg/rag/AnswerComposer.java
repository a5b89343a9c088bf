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

        boolean define = intents.contains(Intent.DEFINITION) || (intents.isEmpty() && linked.size() == 1);
        for (Entity e : linked.subList(0, Math.min(define ? 2 : 0, linked.size()))) {
            if (!e.description().isBlank()) {
                sentences.add(end(name(e, english) + (english ? ": " : "：") + e.description() + mark(book.cite(e)),
                        english));
            }
        }

        // two- and three-step paths read as one sentence each, step by step
        for (GraphPath p : facts) {
            if (p.length() > 1) {
                List<String> clauses = new ArrayList<>();
                for (Relation r : p.relationships()) {
                    Entity s = node(p, r.startId());
                    Entity o = node(p, r.endId());
                    clauses.add(Phrases.clause(r.type(), name(s, english), name(o, english) + evidence(r, english), english)
                            + mark(book.cite(r, describe(r, s, o))));
                }
                sentences.add(end(String.join(english ? "; " : "，", clauses), english));
                used.add(p);
            }
        }

        // one-step facts grouped: "痉挛可采用A[1]、B[2]治疗"
        Map<String, List<GraphPath>> groups = new LinkedHashMap<>();
        for (GraphPath p : facts) {
            if (p.length() == 1) {
                Relation r = p.relationships().getFirst();
                Entity anchor = p.nodes().getFirst();
                boolean outgoing = r.startId().equals(anchor.id());
                groups.computeIfAbsent(anchor.id() + "|" + r.type() + "|" + outgoing, k -> new ArrayList<>()).add(p);
            }
        }
        for (List<GraphPath> group : groups.values()) {
            Relation first = group.getFirst().relationships().getFirst();
            Entity anchor = group.getFirst().nodes().getFirst();
            boolean outgoing = first.startId().equals(anchor.id());
            List<String> items = new ArrayList<>();
            for (GraphPath p : group.subList(0, Math.min(MAX_LIST, group.size()))) {
                Relation r = p.relationships().getFirst();
                Entity other = p.nodes().get(1);
                Entity s = outgoing ? anchor : other;
                Entity o = outgoing ? other : anchor;
                items.add(name(other, english) + evidence(r, english) + mark(book.cite(r, describe(r, s, o))));
                used.add(p);
            }
            String list = Phrases.list(items, english);
            String text = outgoing ? Phrases.clause(first.type(), name(anchor, english), list, english)
                    : Phrases.clause(first.type(), list, name(anchor, english), english);
            sentences.add(end(capitalise(text, english), english));
        }

        List<PassageDoc> usedPassages = new ArrayList<>();
        Set<String> keys = questionKeys(question, linked);
        for (PassageHit hit : passages) {
            if (usedPassages.size() >= MAX_PASSAGE_SENTENCES) {
                break;
            }
            Optional<String> extract = bestSentence(hit.doc().text(), keys);
            if (extract.isEmpty()) {
                continue;
            }
            int n = book.cite(hit.doc());
            String s = extract.get();
            sentences.add(english ? "Reference " + mark(n) + " (in Chinese): " + s
                    : insertMark(s, mark(n)));
            usedPassages.add(hit.doc());
        }

        if (book.isEmpty()) {
            return new Composition(notFound(english), List.of(), List.of(), List.of());
        }
        return new Composition(String.join(english ? " " : "", sentences), book.citations(), used, usedPassages);
    }

    static String notFound(boolean english) {
        return english
                ? "The knowledge base has no information on this question, so no evidence-based answer can be given. "
                        + "Please ask a neurologist or a rehabilitation physician."
                : "知识库中没有找到与该问题相关的内容，无法给出有依据的回答。建议咨询神经内科或康复科医生。";
    }

    /** The passage sentence sharing most words with the question; none when it shares none. */
    private static Optional<String> bestSentence(String text, Set<String> keys) {
        String best = null;
        int bestScore = 0;
        for (String s : SENTENCE_END.split(text)) {
            String t = s.strip();
            if (t.length() < 6) {
                continue;
            }
            String norm = TextNormalizer.forMatching(t);
            int score = 0;
            for (String k : keys) {
                if (norm.contains(k)) {
                    score += k.length();
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Words of the question worth finding in a passage: linked names and aliases, and 2–4 character Chinese runs. */
    private static Set<String> questionKeys(String question, List<Entity> linked) {
        Set<String> keys = new LinkedHashSet<>();
        for (Entity e : linked) {
            keys.add(TextNormalizer.forMatching(e.name()));
            e.aliases().forEach(a -> keys.add(TextNormalizer.forMatching(a)));
        }
        String q = TextNormalizer.forMatching(question).replaceAll("[^\\p{IsHan}a-z0-9]+", " ");
        for (String part : q.split(" ")) {
            for (int len = 2; len <= 4; len++) {
                for (int i = 0; i + len <= part.length(); i++) {
                    String g = part.substring(i, i + len);
                    if (g.codePoints().allMatch(Character::isIdeographic) && !STOP.contains(g)) {
                        keys.add(g);
                    }
                }
            }
        }
        keys.removeIf(k -> k.length() < 2);
        return keys;
    }

    private static final Set<String> STOP = Set.of("什么", "怎么", "如何", "哪些", "有什", "么办", "怎么办", "可以", "是否",
            "为什", "为什么", "有没", "没有", "需要", "应该", "一下", "关系", "之后", "以后", "时候");

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
        if ("。！？；!?;".indexOf(last) >= 0) {
            return sentence.substring(0, sentence.length() - 1) + mark + (last == '；' || last == ';' ? '。' : last);
        }
        return sentence + mark + "。";
    }
}
