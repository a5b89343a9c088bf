package org.strokekg.testing;

import org.strokekg.rag.Answer;
import org.strokekg.rag.AnswerRequest;
import org.strokekg.rag.AnswerService;
import org.strokekg.rag.Frame;
import org.strokekg.rag.FrameReader;

/**
 * The answer pipeline of the shared {@link TestApp} (seeded graph and passages, evidence mode) for tests that ask
 * through it: a question's answer with its evidence, and how the question was read. The app opens on first use, once
 * per test JVM, so a test class needs no set-up of its own to ask.
 */
public final class TestAnswers {

    private TestAnswers() {
    }

    /** The shared app's answer service. */
    public static AnswerService answers() {
        return TestApp.app().answers();
    }

    /** The answer to {@code question} with the request's defaults, as {@code POST /api/v1/ask} gives it. */
    public static Answer ask(String question) {
        return answers().answer(AnswerRequest.of(question));
    }

    /** How {@code question} is read before anything is retrieved. */
    public static Frame frame(String question) {
        return answers().frame(question);
    }

    /** How {@code question} is read, with every entity it names and its parts. */
    public static FrameReader.Reading reading(String question) {
        return answers().reading(question);
    }
}
