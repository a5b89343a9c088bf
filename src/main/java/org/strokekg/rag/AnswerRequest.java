package org.strokekg.rag;

import java.util.Objects;
import java.util.Optional;
import org.strokekg.error.InvalidInputException;
import org.strokekg.text.ScriptChoice;
import org.strokekg.trust.Trust;

/**
 * A question and how to answer it. {@code model} names the model ({@code base} or {@code base:adapter}); empty = the
 * server's default. {@code minTrust}: the least trusted knowledge the answer text may state ({@code unreviewed} lets it
 * state the bulk imports, each such sentence labelled); empty = the deployment's ({@code STROKEKG_ANSWER_MIN_TRUST},
 * {@code reviewed} unless set).
 */
public record AnswerRequest(String question, Optional<ScriptChoice> script, int maxPassages, int maxPaths,
                            Optional<String> model, Optional<Trust> minTrust) {

    public static final int MAX_QUESTION = 2000;
    public static final int DEFAULT_PASSAGES = 5;
    public static final int DEFAULT_PATHS = 8;

    public AnswerRequest {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(minTrust, "minTrust");
        if (question.isBlank()) {
            throw new InvalidInputException("question", "is empty");
        }
        if (question.length() > MAX_QUESTION) {
            throw new InvalidInputException("question", "longer than " + MAX_QUESTION + " characters");
        }
        badCharacter(question).ifPresent(reason -> {
            throw new InvalidInputException("question", reason);
        });
        if (maxPassages < 0 || maxPassages > 20) {
            throw new InvalidInputException("maxPassages", "must be between 0 and 20, got " + maxPassages);
        }
        if (maxPaths < 0 || maxPaths > 30) {
            throw new InvalidInputException("maxPaths", "must be between 0 and 30, got " + maxPaths);
        }
    }

    /** A request at the deployment's minimum level ({@code STROKEKG_ANSWER_MIN_TRUST}). */
    public AnswerRequest(String question, Optional<ScriptChoice> script, int maxPassages, int maxPaths,
                         Optional<String> model) {
        this(question, script, maxPassages, maxPaths, model, Optional.empty());
    }

    /**
     * Text a person types has no control characters and no half surrogate pairs. White space that is a control
     * character (tab, line breaks, vertical tab and form feed, which text pasted from documents carries) is white
     * space: the question's normalisation folds it into one space.
     */
    private static Optional<String> badCharacter(String q) {
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' && c != '\u000B' && c != '\f') {
                return Optional.of(String.format(java.util.Locale.ROOT, "control character U+%04X at position %d",
                        (int) c, i + 1));
            }
            if (Character.isHighSurrogate(c) && i + 1 < q.length() && Character.isLowSurrogate(q.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format(java.util.Locale.ROOT, "unpaired surrogate U+%04X at position %d",
                        (int) c, i + 1));
            }
        }
        return Optional.empty();
    }

    public static AnswerRequest of(String question) {
        return new AnswerRequest(question, Optional.empty(), DEFAULT_PASSAGES, DEFAULT_PATHS, Optional.empty(),
                Optional.empty());
    }

    /** The same request stating knowledge down to {@code level}. */
    public AnswerRequest withMinTrust(Trust level) {
        return new AnswerRequest(question, script, maxPassages, maxPaths, model, Optional.of(level));
    }

    /** {@code minTrust} as a request names it: {@code curated}, {@code reviewed} or {@code unreviewed}. */
    public static Trust parseTrust(String field, String value) {
        return Trust.of(value).orElseThrow(() -> new InvalidInputException(field, "must be one of " + Trust.ids()
                + ", got \"" + value + "\""));
    }
}
