package org.strokekg.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.rag.Answer;
import org.strokekg.search.PassageHit;
import org.strokekg.search.PassageIndex;
import org.strokekg.search.PassageQuery;

/**
 * What a reader of an answer's evidence can read, as one text: the entities named in the question and the entities of
 * the graph facts (names, aliases, descriptions), the cited fact sentences, and the retrieved passages (title and
 * text). Ids, sources, scores and JSON are not part of it. The baseline is a plain BM25 retriever over the same
 * passage index (no graph, no linked names, no vectors) whose passages are read in rank order up to the same number of
 * characters.
 */
final class EvidenceText {

    /** BM25's deepest look: enough passages to fill any evidence budget of the answer API's five passages. */
    static final int BM25_DEPTH = 100;

    private EvidenceText() {
    }

    /** The evidence text of an answer, each piece once, one a line. */
    static String of(Answer a) {
        Set<String> pieces = new LinkedHashSet<>();
        for (Answer.LinkedEntity e : a.entities()) {
            pieces.add(e.name());
            pieces.addAll(e.aliases());
            pieces.add(e.description());
        }
        for (GraphPath p : a.graphPaths()) {
            for (Entity e : p.nodes()) {
                pieces.add(e.name());
                pieces.addAll(e.aliases());
                pieces.add(e.description());
            }
        }
        a.citations().forEach(c -> pieces.add(c.text()));
        for (Answer.PassageEvidence p : a.passages()) {
            pieces.add(p.title());
            pieces.add(p.text());
        }
        pieces.removeIf(String::isBlank);
        return String.join("\n", pieces);
    }

    /** The plain BM25 baseline's passages for the question. */
    static List<PassageHit> bm25(PassageIndex passages, String question) {
        return passages.search(new PassageQuery(question, Set.of(), BM25_DEPTH, PassageQuery.Mode.BM25));
    }

    /** The passages' titles and texts in rank order, cut at {@code budget} characters. */
    static String within(List<PassageHit> hits, int budget) {
        StringBuilder out = new StringBuilder();
        for (PassageHit h : hits) {
            if (out.length() >= budget) {
                break;
            }
            String piece = (out.isEmpty() ? "" : "\n") + (h.doc().title().isBlank() ? "" : h.doc().title() + "\n")
                    + h.doc().text();
            out.append(piece, 0, Math.min(piece.length(), budget - out.length()));
        }
        return out.toString();
    }

    /** How many of the hits a budget reaches (for the leak check: those passages are read). */
    static int reached(List<PassageHit> hits, int budget) {
        int used = 0;
        int n = 0;
        for (PassageHit h : hits) {
            if (used >= budget) {
                break;
            }
            used += h.doc().title().length() + h.doc().text().length() + 2;
            n++;
        }
        return n;
    }
}
