package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strokekg.graph.Entity;
import org.strokekg.graph.Relation;
import org.strokekg.search.PassageDoc;
import org.strokekg.trust.Trust;

/**
 * Numbers evidence in the order the answer first cites it, so {@code [1]} is the first thing the reader meets.
 * Graph facts, entity descriptions and passages share one numbering.
 */
final class EvidenceBook {

    private final Map<String, Answer.Citation> byKey = new LinkedHashMap<>();

    int cite(Relation r, String text) {
        return add("r:" + r.id(), "graph", r.id(), r.source(), text, r.trust());
    }

    int cite(Entity e) {
        return add("e:" + e.id(), "graph", e.id(), e.sources().isEmpty() ? "" : e.sources().getFirst(),
                e.description().isBlank() ? e.name() : e.name() + "：" + e.description(), e.descriptionTrust());
    }

    int cite(PassageDoc p) {
        return cite(p, p.title().isBlank() ? p.text() : p.title());
    }

    int cite(PassageDoc p, String text) {
        return add("p:" + p.id(), "passage", p.id(), p.source(), text, p.trust());
    }

    /**
     * Cites sentences of a passage: a passage cited again for other sentences keeps one number, and its citation
     * text holds every sentence the answer rests on, so each can be checked against the passage.
     */
    int citeSentences(PassageDoc p, java.util.List<String> sentences) {
        return citeSentences(p, sentences, "");
    }

    /**
     * Cites sentences of a passage quoted under a subject (「脑出血：……」): the citation's text reads as the answer quotes
     * it, the subject the passage is about and then its own sentences word for word, so the reader checks the very claim.
     */
    int citeSentences(PassageDoc p, java.util.List<String> sentences, String subject) {
        String key = "p:" + p.id();
        Answer.Citation c = byKey.get(key);
        // English sentences keep their space; Chinese ones run on
        String said = String.join(sentences.stream().anyMatch(x -> x.codePoints().anyMatch(Character::isIdeographic))
                ? "" : " ", sentences);
        if (c == null) {
            return add(key, "passage", p.id(), p.source(), subject + said, p.trust());
        }
        StringBuilder text = new StringBuilder(c.text());
        if (!subject.isEmpty() && !c.text().contains(subject + said)) {
            text.append(subject).append(said);
        } else {
            for (String s : sentences) {
                if (!c.text().contains(s)) {
                    text.append(s);
                }
            }
        }
        byKey.put(key, new Answer.Citation(c.n(), c.kind(), c.id(), c.source(), text.toString(), c.trust()));
        return c.n();
    }

    private int add(String key, String kind, String id, String source, String text, Trust trust) {
        Answer.Citation c = byKey.get(key);
        if (c == null) {
            c = new Answer.Citation(byKey.size() + 1, kind, id, source, text, trust);
            byKey.put(key, c);
        }
        return c.n();
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    List<Answer.Citation> citations() {
        return new ArrayList<>(byKey.values());
    }
}
