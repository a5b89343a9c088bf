package org.strokekg.rag;

/**
 * Hears an answer being made, in order: the evidence once, then reasoning and answer text in pieces (already in the
 * requested script), then the finished {@link Answer} is returned by the service. Used for SSE and OpenAI streaming.
 */
public interface AnswerListener {

    AnswerListener NONE = new AnswerListener() {
    };

    default void evidence(Evidence evidence) {
    }

    default void reasoning(String delta) {
    }

    default void token(String delta) {
    }

    /** What the answer will rest on, sent before any text. */
    record Evidence(java.util.List<Answer.LinkedEntity> entities, java.util.List<org.strokekg.graph.GraphPath> graphPaths,
                    java.util.List<Answer.PassageEvidence> passages, java.util.List<Answer.Citation> citations,
                    java.util.Optional<Answer.Emergency> emergency, String script, Frame frame) {
    }
}
