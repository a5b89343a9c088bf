package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.answers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.strokekg.search.VectorWait;
import org.strokekg.testing.TestApp;
import org.strokekg.trust.Trust;

/**
 * A question asked again is not read again, and is read again as soon as what its reading rests on may have changed:
 * the entity dictionary, the graph, the trust level asked, or the time a reading may be kept. An answer to a repeated
 * question is the same as its first.
 */
class QuestionMemoTest {

    private final AtomicLong linking = new AtomicLong();
    private final AtomicLong graph = new AtomicLong();
    private final AtomicInteger reads = new AtomicInteger();

    private Supplier<FrameReader.Reading> reader(String question) {
        return () -> {
            reads.incrementAndGet();
            return FrameReader.read(question, List.of());
        };
    }

    private QuestionMemo<FrameReader.Reading> memo(int maxEntries, long keepNanos) {
        return new QuestionMemo<>(linking::get, graph::get, maxEntries, keepNanos);
    }

    @Test
    void aQuestionAskedAgainIsReadOnce() {
        QuestionMemo<FrameReader.Reading> memo = memo(10, TimeUnit.MINUTES.toNanos(1));
        FrameReader.Reading first = memo.get("脑出血的原因是什么", Trust.REVIEWED, reader("脑出血的原因是什么"));
        FrameReader.Reading again = memo.get("脑出血的原因是什么", Trust.REVIEWED, reader("脑出血的原因是什么"));
        assertThat(again).isSameAs(first);
        assertThat(reads).hasValue(1);
    }

    @Test
    void anotherTrustLevelIsReadOnItsOwn() {
        QuestionMemo<FrameReader.Reading> memo = memo(10, TimeUnit.MINUTES.toNanos(1));
        memo.get("脑出血的原因是什么", Trust.REVIEWED, reader("脑出血的原因是什么"));
        memo.get("脑出血的原因是什么", Trust.UNREVIEWED, reader("脑出血的原因是什么"));
        assertThat(reads).hasValue(2);
        assertThat(memo.size()).isEqualTo(2);
    }

    @Test
    void aChangedDictionaryOrGraphIsReadAgain() {
        QuestionMemo<FrameReader.Reading> memo = memo(10, TimeUnit.MINUTES.toNanos(1));
        memo.get("高血压会引起什么后果", Trust.REVIEWED, reader("高血压会引起什么后果"));
        linking.incrementAndGet();
        memo.get("高血压会引起什么后果", Trust.REVIEWED, reader("高血压会引起什么后果"));
        assertThat(reads).hasValue(2);
        graph.incrementAndGet();
        memo.get("高血压会引起什么后果", Trust.REVIEWED, reader("高血压会引起什么后果"));
        assertThat(reads).hasValue(3);
        memo.get("高血压会引起什么后果", Trust.REVIEWED, reader("高血压会引起什么后果"));
        assertThat(reads).hasValue(3);
    }

    @Test
    void aReadingPastItsTimeIsReadAgain() {
        QuestionMemo<FrameReader.Reading> memo = memo(10, -1);
        memo.get("脑出血有哪些症状", Trust.REVIEWED, reader("脑出血有哪些症状"));
        memo.get("脑出血有哪些症状", Trust.REVIEWED, reader("脑出血有哪些症状"));
        assertThat(reads).hasValue(2);
    }

    @Test
    void theLeastRecentlyUsedGoFirst() {
        QuestionMemo<FrameReader.Reading> memo = memo(2, TimeUnit.MINUTES.toNanos(1));
        memo.get("a", Trust.REVIEWED, reader("a"));
        memo.get("b", Trust.REVIEWED, reader("b"));
        memo.get("a", Trust.REVIEWED, reader("a"));
        memo.get("c", Trust.REVIEWED, reader("c")); // b goes
        assertThat(memo.size()).isEqualTo(2);
        assertThat(reads).hasValue(3);
        memo.get("a", Trust.REVIEWED, reader("a"));
        assertThat(reads).hasValue(3);
        memo.get("b", Trust.REVIEWED, reader("b"));
        assertThat(reads).hasValue(4);
    }

    @Test
    void aRepeatedQuestionGetsTheSameAnswer() throws Exception {
        // the seed's passages are embedded in the background: a search before and after their vectors differs
        VectorWait.await(TestApp.app().passageIndex(), new PrintWriter(Writer.nullWriter()));
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        for (String q : List.of("脑梗死病人血小板只有30，能用阿司匹林吗", "What causes a stroke?", "中风后肩痛怎么办")) {
            for (Trust t : List.of(Trust.REVIEWED, Trust.UNREVIEWED)) {
                AnswerRequest request = AnswerRequest.of(q).withMinTrust(t);
                ObjectNode first = json.valueToTree(answers().answer(request));
                ObjectNode again = json.valueToTree(answers().answer(request));
                first.remove("timings");
                again.remove("timings");
                assertThat(json.writeValueAsString(again)).as(q + " at " + t)
                        .isEqualTo(json.writeValueAsString(first));
            }
        }
    }
}
