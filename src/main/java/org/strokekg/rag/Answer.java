package org.strokekg.rag;

import java.util.List;
import java.util.Optional;
import org.strokekg.graph.GraphPath;
import org.strokekg.trust.Trust;

/**
 * An answer with the evidence it rests on. {@code answer} cites evidence as {@code [n]}, where n is a
 * {@link Citation#n()}; {@code frame} is how the question was read; {@code graphPaths} are the graph facts the answer
 * used, then those it found but was not allowed to state (below {@code minTrust}), each relation with its level;
 * {@code passages} are all retrieved passages with theirs; every display text is in {@code script}. {@code minTrust}:
 * the least trusted knowledge the answer text states; a sentence stating unreviewed knowledge is labelled
 * (未经审核 / unreviewed).
 */
public record Answer(String answer, Optional<String> reasoning, Frame frame, List<Citation> citations,
                     List<GraphPath> graphPaths,
                     List<LinkedEntity> entities, List<PassageEvidence> passages, Optional<Emergency> emergency,
                     String script, Timings timings, String model, Trust minTrust) {

    public Answer {
        citations = List.copyOf(citations);
        graphPaths = List.copyOf(graphPaths);
        entities = List.copyOf(entities);
        passages = List.copyOf(passages);
    }

    /** An answer whose question was not framed here (it reads as an unread frame). */
    public Answer(String answer, Optional<String> reasoning, List<Citation> citations, List<GraphPath> graphPaths,
                  List<LinkedEntity> entities, List<PassageEvidence> passages, Optional<Emergency> emergency,
                  String script, Timings timings, String model, Trust minTrust) {
        this(answer, reasoning, Frame.unread("zh"), citations, graphPaths, entities, passages, emergency, script,
                timings, model, minTrust);
    }

    /**
     * Numbered evidence: a graph relation (id = relation id), an entity's description (id = entity id) or a passage
     * (id = passage id, text = the sentences of it the answer rests on), with its level.
     */
    public record Citation(int n, String kind, String id, String source, String text, Trust trust) {
    }

    /** An entity named in the question, and how it was found; {@code descriptionEn} is "" when it has none. */
    public record LinkedEntity(String id, String type, String name, List<String> aliases, String description,
                               String mention, String how, String descriptionEn) {
        public LinkedEntity {
            aliases = List.copyOf(aliases);
            descriptionEn = descriptionEn == null ? "" : descriptionEn;
        }

        /** A linked entity without an English description. */
        public LinkedEntity(String id, String type, String name, List<String> aliases, String description,
                            String mention, String how) {
            this(id, type, name, aliases, description, mention, how, "");
        }
    }

    /** A retrieved passage, with its level: the answer text states it only at or above {@code minTrust}. */
    public record PassageEvidence(String id, String title, String text, String source, List<String> entityIds,
                                  double score, Trust trust) {
        public PassageEvidence {
            entityIds = List.copyOf(entityIds);
        }
    }

    /** The emergency notice that leads the answer when the question describes stroke warning signs. */
    public record Emergency(String level, String message, List<String> signs, String source) {
        public Emergency {
            signs = List.copyOf(signs);
        }
    }

    /** Milliseconds per stage. */
    public record Timings(double link, double graph, double passages, double generate, double total) {
    }
}
