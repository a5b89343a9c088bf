package org.strokekg.text;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.strokekg.error.InvalidInputException;

/**
 * Which script an answer is written in: one named by its tag, or {@code auto}, the question's own. Readers in Taiwan
 * and Hong Kong ask in traditional characters and expect to read the answer in them; an app that wants one script
 * whatever the question names it.
 */
public sealed interface ScriptChoice {

    /** The value that follows the question. */
    String AUTO = "auto";

    /** The script to write this question's answer in. */
    Script resolve(String question);

    /** Always this script. */
    record Fixed(Script script) implements ScriptChoice {
        @Override
        public Script resolve(String question) {
            return script;
        }
    }

    /**
     * The question's script: {@link Script#HANT_TW} when it has more characters written only in traditional than
     * characters written only in simplified (Taiwan forms, as the seeds' s2twp output; ask for {@code zh-Hant-HK} by
     * name), {@link Script#HANS} otherwise, English and mixed questions with no lean included.
     */
    record OfQuestion() implements ScriptChoice {
        @Override
        public Script resolve(String question) {
            return ScriptConverter.leansTraditional(question) ? Script.HANT_TW : Script.HANS;
        }
    }

    /**
     * {@code auto} or a script's tag (see {@link Script#parse}).
     *
     * @param field the request field or setting that carried the value, for the error
     * @throws InvalidInputException naming the field and listing the valid values
     */
    static ScriptChoice parse(String field, String value) {
        if (value != null && value.strip().equalsIgnoreCase(AUTO)) {
            return new OfQuestion();
        }
        try {
            return new Fixed(Script.parse(field, value));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, "unknown script '" + value + "'; valid values: "
                    + Stream.concat(Stream.of(AUTO), Arrays.stream(Script.values()).map(Script::tag))
                    .collect(Collectors.joining(", ")));
        }
    }
}
