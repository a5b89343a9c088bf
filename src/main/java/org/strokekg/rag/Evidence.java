package org.strokekg.rag;

import java.util.List;
import java.util.Optional;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;

/**
 * The evidence selected for a frame: graph facts that answer the aspect about the focus (each with the aspect it
 * answers and whether it is stated or only shown as a caution), passage sentences that answer it (each with the
 * subject it is about), and what was retrieved in all (for the response's {@code passages}).
 *
 * @param linked    the entities the question names, in order (the response's {@code entities})
 * @param focus     the focus entity as the graph holds it
 * @param others    the second entity of a comparison or relation, as the graph holds it
 * @param facts     the facts to use, best first within each aspect
 * @param quotes    the passage sentences to quote
 * @param retrieved every passage the search returned
 */
record Evidence(Frame frame, List<Entity> linked, Optional<Entity> focus, List<Entity> others, List<Fact> facts,
                List<Quote> quotes, List<PassageHit> retrieved, List<GraphPath> withheld, double graphMs,
                double passagesMs) {

    Evidence {
        withheld = List.copyOf(withheld);
        linked = List.copyOf(linked);
        others = List.copyOf(others);
        facts = List.copyOf(facts);
        quotes = List.copyOf(quotes);
        retrieved = List.copyOf(retrieved);
    }

    /** How a fact is used. */
    enum Role {
        /** Stated as an answer. */
        ANSWER,
        /** Shown only as a caution: it may not fit this patient (a stated contraindication, the patient's age). */
        CAUTION
    }

    /** Why a fact is a caution. */
    enum Why {
        NONE, CONTRAINDICATED, BLEEDING_RISK, CHILD, PREGNANCY, ALLERGY,
        /** A preference for the new oral anticoagulants, stated for non-valvular AF, for a patient with valve disease. */
        VALVULAR
    }

    /**
     * A graph fact: a relation (or a two-step path, its last step answering), the aspect it answers, how it is used.
     *
     * @param curated whether it comes from curated knowledge (see {@link Provenance})
     */
    record Fact(GraphPath path, Aspect aspect, Role role, Why why, boolean curated) {
        Relation relation() {
            return path.relationships().getLast();
        }

        Entity start() {
            return node(relation().startId());
        }

        Entity end() {
            return node(relation().endId());
        }

        Entity node(String id) {
            return path.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
        }
    }

    /**
     * Sentences of one passage that answer an aspect.
     *
     * @param subject what the sentences are about (the focus, or the passage's title), said with them when they do
     *                not name it themselves
     * @param english whether the passage is written in English
     */
    record Quote(PassageDoc doc, List<String> sentences, String subject, Aspect aspect, boolean english) {
        Quote {
            sentences = List.copyOf(sentences);
        }
    }

    boolean isEmpty() {
        return facts.isEmpty() && quotes.isEmpty();
    }

    List<Fact> facts(Aspect aspect) {
        return facts.stream().filter(f -> f.aspect() == aspect).toList();
    }

    List<Quote> quotes(Aspect aspect) {
        return quotes.stream().filter(q -> q.aspect() == aspect).toList();
    }
}
