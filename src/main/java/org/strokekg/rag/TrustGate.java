package org.strokekg.rag;

import java.util.ArrayList;
import java.util.List;
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

    /** The passages the answer may quote, in rank order. */
    List<PassageHit> passages(List<PassageHit> hits) {
        return hits.stream().filter(h -> states(h.doc().trust())).toList();
    }

    /** The entity as the answer may describe it: without its description when that may not be stated. */
    Entity describable(Entity e) {
        return e.description().isEmpty() || states(e.descriptionTrust()) ? e : e.withTexts(e.name(), e.aliases(), "");
    }

    /** Whether a sentence stating knowledge of this level carries the label (only unreviewed knowledge does). */
    static boolean labelled(Trust level) {
        return level == Trust.UNREVIEWED;
    }

    /** The label that opens a sentence stating unreviewed knowledge (未經審核 after conversion to traditional script). */
    static String label(boolean english) {
        return english ? "(Unreviewed) " : "（未经审核）";
    }
}
