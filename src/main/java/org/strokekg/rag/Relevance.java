package org.strokekg.rag;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.text.TextNormalizer;

/**
 * Whether a passage sentence is about the question, and which sentence is most so. A retriever always returns
 * its top k, relevant or not; an evidence answer quotes a sentence only when it shares the question's own words: a
 * named entity, or enough of the question's two-character words (「量子计算机怎么编程」 shares 计算机 with a passage on
 * computer-aided cognitive training, which is not enough).
 */
final class Relevance {

    /**
     * Chinese sentence ends (a Chinese clause may end in ；), and an English sentence end followed by space and a
     * capital; an English semicolon does not end a quotable sentence, whose second half often lacks its subject.
     */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？；])|(?<=[.!?])\\s+(?=[A-Z\"(])");
    /** Share of the question's content bigrams a sentence must contain when it names none of the question's entities. */
    static final double MIN_COVERAGE = 0.34;
    private static final Set<String> STOP = Set.of("什么", "怎么", "如何", "哪些", "有什", "么办", "怎么办", "可以", "是否",
            "为什", "为什么", "有没", "没有", "需要", "应该", "一下", "之后", "以后", "时候", "我们", "他们", "现在", "这个",
            "那个", "多久", "有哪", "请问", "一个", "还是", "要不", "患者", "病人");

    private final Set<String> entityKeys = new LinkedHashSet<>();
    private final Set<String> bigrams = new LinkedHashSet<>();
    /** The question's bigrams outside the names of its entities: what it says about them. */
    private final Set<String> saying = new LinkedHashSet<>();
    private final Set<String> words = new LinkedHashSet<>();
    /** Keys of the entities the question names as its setting, not its subject: 中风 in 「中风后肩膀疼痛怎么办」. */
    private final Set<String> settingKeys = new LinkedHashSet<>();
    /** Whether the question also names an entity that is its subject. */
    private final boolean namesSubject;

    Relevance(String question, List<Entity> linked) {
        String q = TextNormalizer.forMatching(question);
        boolean subject = false;
        for (Entity e : linked) {
            Set<String> keys = new LinkedHashSet<>();
            keys.add(TextNormalizer.forMatching(e.name()));
            e.aliases().forEach(a -> keys.add(TextNormalizer.forMatching(a)));
            keys.removeIf(k -> k.length() < 2);
            entityKeys.addAll(keys);
            // "X后…" / "after X": X sets the time, the question is about what follows it
            boolean setting = keys.stream().anyMatch(k -> q.contains(k + "后") || q.contains("after " + k)
                    || q.contains("after a " + k));
            if (setting) {
                settingKeys.addAll(keys);
            } else if (keys.stream().anyMatch(q::contains)) {
                subject = true;
            }
        }
        namesSubject = subject;
        addBigrams(q, bigrams);
        String rest = q;
        for (String k : entityKeys.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
            rest = rest.replace(k, " ");
        }
        addBigrams(rest, saying);
        for (String w : q.split("[^a-z0-9]+")) {
            if (w.length() >= 4) {
                words.add(w);
            }
        }
    }

    private static void addBigrams(String text, Set<String> into) {
        for (String part : text.split("[^\\p{IsHan}]+")) {
            for (int i = 0; i + 2 <= part.length(); i++) {
                String g = part.substring(i, i + 2);
                if (!STOP.contains(g)) {
                    into.add(g);
                }
            }
        }
    }

    /** The sentence that best covers the question, if any covers it enough. */
    Optional<String> bestSentence(String text) {
        String best = null;
        double bestScore = 0;
        for (String s : SENTENCE_END.split(text)) {
            String t = s.strip();
            if (t.length() < 6) {
                continue;
            }
            double score = score(TextNormalizer.forMatching(t));
            if (score > bestScore) {
                bestScore = score;
                best = t;
            }
        }
        return bestScore > 0 ? Optional.of(best) : Optional.empty();
    }

    /** 0 when not relevant; otherwise higher for more of the question's entities and words. */
    double score(String normalisedSentence) {
        int entities = 0;
        boolean subject = false;
        for (String k : entityKeys) {
            if (normalisedSentence.contains(k)) {
                entities += 1;
                subject |= !settingKeys.contains(k);
            }
        }
        int shared = 0;
        for (String g : bigrams) {
            if (normalisedSentence.contains(g)) {
                shared++;
            }
        }
        for (String w : words) {
            if (normalisedSentence.contains(w)) {
                shared += 2;
            }
        }
        double coverage = bigrams.isEmpty() && words.isEmpty() ? 0 : (double) shared / (bigrams.size() + 2 * words.size());
        if (entities == 0 && coverage < MIN_COVERAGE) {
            return 0;
        }
        // an entity alone is not enough when the question says more than its names: the sentence must share a word of
        // what it says about them (「中风后肩膀疼怎么办」 is not answered by a sentence that only names 中风)
        boolean saysMore = saying.stream().anyMatch(normalisedSentence::contains)
                || words.stream().anyMatch(normalisedSentence::contains);
        if (entities > 0 && saying.size() > 3 && !saysMore) {
            return 0;
        }
        // nor is the setting alone when the question names its subject too: 「中风后肩膀疼痛应该怎么处理」 is about the
        // shoulder, and a sentence on calling 120 for a stroke, which names only 中风, does not answer it
        if (entities > 0 && !subject && namesSubject && !saysMore) {
            return 0;
        }
        return entities * 2 + coverage * 3;
    }
}
