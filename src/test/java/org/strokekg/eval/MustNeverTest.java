package org.strokekg.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.strokekg.StrokeKg;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.rag.Answer;
import org.strokekg.rag.AnswerRequest;
import org.strokekg.testing.TestAnswers;
import org.strokekg.testing.TestApp;

/**
 * The must/never file against the seed, and against the seed with the committed noisy crawl slice
 * ({@code noisy-crawl-slice.json}: invented records in the xywy crawl's format with its typical errors) loaded as a
 * batch and undone afterwards. Entries marked {@code known_failure} are skipped with their reason while they fail.
 */
class MustNeverTest {

    static final Path FILE = Path.of("src/test/resources/eval/must-never.jsonl");
    static final String SLICE = "eval/noisy-crawl-slice.json";

    static StrokeKg kg;
    static List<MustNever> entries;

    @BeforeAll
    static void app() {
        kg = TestApp.app();
        entries = MustNever.read(FILE);
    }

    @Test
    void theFileCoversEveryFailureClassAndBothStates() {
        assertThat(entries).extracting(MustNever::failureClass).contains("aspect-ignored", "wrong-direction",
                "hub-bridging", "patient-context-ignored", "subjectless-quote", "emergency-misfire",
                "uncheckable-citation", "mixed-language", "reversed-relation", "symptom-symptom-complication",
                "self-pair", "lab-value-as-symptom", "unreviewed-as-fact", "same-answer-for-sub-questions",
                "unknown-subject", "diagnosis-vignette");
        assertThat(entries).extracting(MustNever::id).doesNotHaveDuplicates();
        assertThat(entries.stream().filter(e -> e.states().contains(MustNever.NOISY))).isNotEmpty();
        for (MustNever e : entries) {
            assertThat(e.states()).as(e.id()).isNotEmpty().allMatch(s -> s.equals(MustNever.SEED)
                    || s.equals(MustNever.NOISY));
            assertThat(e.knownFailure().keySet()).as(e.id()).allMatch(s -> s.equals(MustNever.SEED)
                    || s.equals(MustNever.NOISY));
        }
    }

    @TestFactory
    Stream<DynamicTest> seed() {
        return checks(MustNever.SEED, answers(MustNever.SEED));
    }

    @TestFactory
    Stream<DynamicTest> seedWithTheNoisyCrawlSlice() {
        LoadResult r = kg.curation().load(List.of(LoadInput.ofResource(SLICE, IngestFormat.named("xywy"))), "tester",
                false, ProgressListener.NONE);
        assertThat(r.status()).as(r.errors().toString()).isEqualTo(LoadResult.Status.COMMITTED);
        Map<String, Answer> answers;
        try {
            answers = answers(MustNever.NOISY);
        } finally {
            kg.curation().undo(r.batchId());
        }
        return checks(MustNever.NOISY, answers);
    }

    private static Map<String, Answer> answers(String state) {
        Map<String, Answer> out = new LinkedHashMap<>();
        for (MustNever e : entries) {
            if (e.states().contains(state)) {
                AnswerRequest request = AnswerRequest.of(e.question());
                if (e.minTrust().isPresent()) {
                    request = request.withMinTrust(org.strokekg.trust.Trust.of(e.minTrust().get()).orElseThrow());
                }
                out.put(e.id(), TestAnswers.answers().answer(request));
            }
        }
        return out;
    }

    private static Stream<DynamicTest> checks(String state, Map<String, Answer> answers) {
        List<DynamicTest> tests = new ArrayList<>();
        for (MustNever e : entries) {
            if (!answers.containsKey(e.id())) {
                continue;
            }
            Answer a = answers.get(e.id());
            tests.add(DynamicTest.dynamicTest(e.id() + " [" + state + "] " + e.failureClass(), () -> {
                List<String> problems = e.problems(a, answers);
                Optional<String> known = Optional.ofNullable(e.knownFailure().get(state));
                String detail = e.question() + " → " + a.answer().replace('\n', ' ');
                // every answer in the test's output: what a reviewer of a failure or a fix reads first
                System.out.println(e.id() + " [" + state + "] " + (problems.isEmpty() ? "ok" : problems) + " | " + detail);
                if (known.isPresent()) {
                    Assertions.assertFalse(problems.isEmpty(), () -> e.id() + " [" + state + "] passes now: remove "
                            + "its known_failure mark (" + known.get() + ")");
                    Assumptions.abort("known failure (" + known.get() + "): " + problems + " | " + detail);
                }
                Assertions.assertTrue(problems.isEmpty(), () -> problems + " | " + detail);
            }));
        }
        return tests.stream();
    }
}
