package org.strokekg.rag;

import java.util.Objects;
import java.util.Optional;
import org.strokekg.error.InvalidInputException;
import org.strokekg.text.ScriptChoice;

/**
 * A question and how to answer it. {@code model} names the model ({@code base} or {@code base:adapter}); empty = the
 * server's default.
 */
public record AnswerRequest(String question, Optional<ScriptChoice> script, int maxPassages, int maxPaths,
                            Optional<String> model) {

    public static final int MAX_QUESTION = 2000;
    public static final int DEFAULT_PASSAGES = 5;
    public static final int DEFAULT_PATHS = 8;

    public AnswerRequest {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(model, "model");
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

    /** Text a person types has no control characters (tabs and line breaks aside) and no half surrogate pairs. */
    private static Optional<String> badCharacter(String q) {
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
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
        return new AnswerRequest(question, Optional.empty(), DEFAULT_PASSAGES, DEFAULT_PATHS, Optional.empty());
    }
}
