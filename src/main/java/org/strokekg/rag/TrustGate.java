package org.strokekg.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.Relation;
import org.strokekg.search.PassageHit;
import org.strokekg.trust.Trust;

/**
 * What an answer may state, by trust level: applied to the graph facts, entity descriptions and passages before they
 * are composed into sentences or put into a model's prompt. Knowledge below the request's minimum level may still have
 * found the evidence (a crawl relation bridging a symptom to its condition, whose curated treatments are stated) and is
 * returned in the evidence lists with its level, but no sentence states it. What passes and is unreviewed (only when a
 * request asks for unreviewed knowledge) is labelled where its sentence is made ({@link #label}).
 */
final class TrustGate {

    /** Where a sentence of quoted text ends, for {@link #labelEach}: its end mark, or a line break. */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？])|(?<=[.!?])(?=\\s)|\\s*\\n\\s*");

    private final Trust min;

    TrustGate(Trust min) {
        this.min = min;
    }

    Trust min() {
        return min;
    }

    boolean states(Trust level) {
        return level.atLeast(min);
    }

    /**
     * The graph facts the answer may state: a path every step of which passes as it is; of any other path, each step
     * that passes as a path of its own (a step that could not be stated no longer joins them).
     */
    List<GraphPath> facts(List<GraphPath> paths) {
        List<GraphPath> out = new ArrayList<>();
        for (GraphPath p : paths) {
            if (p.relationships().stream().allMatch(r -> states(r.trust()))) {
                out.add(p);
                continue;
            }
            for (int i = 0; i < p.relationships().size(); i++) {
                Relation r = p.relationships().get(i);
                if (states(r.trust())) {
                    out.add(new GraphPath(List.of(p.nodes().get(i), p.nodes().get(i + 1)), List.of(r)));
                }
            }
        }
        return out;
    }

    /** The retrieved paths with a step the answer may not state: listed with the evidence, not stated. */
    List<GraphPath> withheld(List<GraphPath> paths) {
        return paths.stream().filter(p -> p.relationships().stream().anyMatch(r -> !states(r.trust()))).toList();
    }

    /**
     * The hits in the reader's language ({@link PassageLanguage#forReader}): the k best, and the k best the answer may
     * state when they are not the same, in rank order. As in the search, unreviewed passages are listed but must not
     * push out of the answer's reach the trusted ones that came after them.
     */
    List<PassageHit> forReader(List<PassageHit> hits, boolean english, int k) {
        java.util.Set<String> keep = new java.util.HashSet<>();
        PassageLanguage.forReader(hits, english, k).forEach(h -> keep.add(h.doc().id()));
        PassageLanguage.forReader(passages(hits), english, k).forEach(h -> keep.add(h.doc().id()));
        return hits.stream().filter(h -> keep.contains(h.doc().id())).toList();
    }

    /** The passages the answer may quote, in rank order. */
    List<PassageHit> passages(List<PassageHit> hits) {
        return hits.stream().filter(h -> states(h.doc().trust())).toList();
    }

    /**
     * The entity as the answer may describe it: without its descriptions (Chinese and English: they come from the same
     * kind of source) when they may not be stated.
     */
    Entity describable(Entity e) {
        if ((e.description().isEmpty() && e.descriptionEn().isEmpty()) || states(e.descriptionTrust())) {
            return e;
        }
        return new Entity(e.id(), e.type(), e.name(), e.aliases(), "", e.sources(), "", e.trust(),
                e.descriptionTrust(), e.retracted());
    }

    /** Whether a sentence stating knowledge of this level carries the label (only unreviewed knowledge does). */
    static boolean labelled(Trust level) {
        return level == Trust.UNREVIEWED;
    }

    /** The label that opens a sentence stating unreviewed knowledge (未經審核 after conversion to traditional script). */
    static String label(boolean english) {
        return english ? "(Unreviewed) " : "（未经审核）";
    }

    /**
     * Unreviewed text of several sentences (a crawl passage or description quoted whole) with the label opening each
     * sentence, not only the first: a reader, and a reviewer splitting the answer into claims, meets the label on
     * every claim it marks. Line breaks inside it are folded into the sentence they break.
     */
    static String labelEach(String text, boolean english) {
        StringBuilder out = new StringBuilder();
        for (String part : SENTENCE_END.split(text)) {
            String sentence = part.strip();
            if (sentence.isEmpty()) {
                continue;
            }
            if (!out.isEmpty() && english) {
                out.append(' ');
            }
            out.append(label(english)).append(sentence);
        }
        return out.toString();
    }
}
