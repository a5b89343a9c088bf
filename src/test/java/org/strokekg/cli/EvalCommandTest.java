package org.strokekg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.testing.SharedData;

/** {@code strokekg eval}: a set in a knowledge state, the review sample's draw and its answer files. */
class EvalCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void graph() {
        CliTest.graph();
    }

    static Path set(Path dir) throws Exception {
        Path file = dir.resolve("mini.jsonl");
        Files.write(file, List.of(
                "{\"id\": \"m-1\", \"lang\": \"zh\", \"type\": \"open_qa\", \"source\": \"test\", \"question\": \"中风后手臂僵硬怎么办？\", "
                        + "\"reference_answer\": \"卒中后痉挛可用肉毒毒素注射和牵伸训练。\"}",
                "{\"id\": \"m-2\", \"lang\": \"zh\", \"type\": \"open_qa\", \"format\": \"mcq\", \"source\": \"test\", "
                        + "\"question\": \"脑出血最常见的病因是\\nA. 高血压\\nB. 外伤\", \"options\": {\"A\": \"高血压\", "
                        + "\"B\": \"外伤\"}, \"answer_key\": \"A\", \"reference_answer\": \"正确答案：A. 高血压\"}",
                "{\"id\": \"m-3\", \"lang\": \"en\", \"type\": \"open_qa\", \"source\": \"test\", \"question\": \"What is aphasia after stroke?\", "
                        + "\"reference_answer\": \"Aphasia is a language disorder after stroke; speech therapy helps.\"}"),
                StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aSetIsScoredPerLanguageAndSourceInTheConfiguredState(@TempDir Path dir) throws Exception {
        Path file = set(dir);
        CliTest.Run r = CliTest.run(CliTest.withGraph("eval", "--set", file.toString(), "--json", "--per-item"));
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode run = JSON.readTree(r.out());
        JsonNode state = run.path("states").get(0);
        assertThat(state.path("state").asText()).isEqualTo("data");
        assertThat(state.path("items")).hasSize(3);
        assertThat(state.path("rows").findValuesAsText("group")).contains("all", "zh", "en", "test");
        JsonNode all = state.path("rows").get(0);
        assertThat(all.path("mcqItems").asInt()).isEqualTo(1);
        assertThat(all.path("recall").asDouble()).isBetween(0.0, 1.0);
        assertThat(run.path("machine").asText()).contains("cores");

        CliTest.Run table = CliTest.run(CliTest.withGraph("eval", file.toString()));
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("state data", "recall", "bm25", "mini", "lang zh");
    }

    @Test
    void theReviewSamplesAnswersAreWrittenForReviewers(@TempDir Path dir) throws Exception {
        Path file = set(dir);
        Path tsv = dir.resolve("sample.tsv");
        Files.write(tsv, List.of("id\tset\tgroup\tlang", "m-1\t" + file + "\tstroke-zh\tzh",
                "m-2\t" + file + "\tstroke-zh\tzh", "m-3\t" + file + "\tstroke-en\ten"), StandardCharsets.UTF_8);
        Path out = dir.resolve("round");
        CliTest.Run r = CliTest.run(CliTest.withGraph("eval", "--review-sample", tsv.toString(), "--dump",
                out.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        Path zh = out.resolve("data/answers-stroke-zh-1.jsonl");
        assertThat(zh).exists();
        assertThat(out.resolve("data/answers-stroke-en-1.jsonl")).exists();
        List<String> lines = Files.readAllLines(zh, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode exam = JSON.readTree(lines.get(1));
        assertThat(exam.path("question").asText()).isEqualTo("脑出血最常见的病因是");
        assertThat(exam.path("answer_key").asText()).isEqualTo("A");
        assertThat(exam.path("correct_option").asText()).isEqualTo("高血压");
        for (String field : List.of("id", "state", "reference_answer", "answer", "units", "citations", "emergency",
                "entities")) {
            assertThat(exam.has(field)).as(field).isTrue();
        }
        assertThat(exam.path("state").asText()).isEqualTo("data");
        assertThat(exam.path("citations").get(0).path("kind").asText()).isIn("graph", "passage");
        assertThat(exam.path("citations").get(0).path("trust").asText()).isIn("curated", "reviewed", "unreviewed");
    }

    @Test
    void answersMayAskForUnreviewedKnowledgeAndAWrongLevelIsRefusedFirst(@TempDir Path dir) throws Exception {
        Path file = set(dir);
        CliTest.Run r = CliTest.run(CliTest.withGraph("eval", "--set", file.toString(), "--min-trust", "unreviewed",
                "--json"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).path("states").get(0).path("rows").get(0).path("items").asInt())
                .isEqualTo(3);

        CliTest.Run wrong = CliTest.run("eval", "--seed-only", "--work-dir", dir.resolve("never").toString(), "--set",
                file.toString(), "--min-trust", "everything");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.err()).contains("--min-trust", "everything");
        assertThat(dir.resolve("never")).as("refused before a state was built").doesNotExist();
    }

    @Test
    void theSeedStateIsAFreshDeploymentOfItsOwn(@TempDir Path dir) throws Exception {
        Path file = set(dir);
        CliTest.Run r = CliTest.run("eval", "--seed-only", "--work-dir", dir.resolve("work").toString(), "--set",
                file.toString(), "--limit", "1", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode state = JSON.readTree(r.out()).path("states").get(0);
        assertThat(state.path("state").asText()).isEqualTo("seed");
        assertThat(state.path("passages").asLong()).as("the seed's passages and nothing else")
                .isEqualTo(org.strokekg.testing.TestApp.app().graph().stats().passages());
        assertThat(state.path("rows").get(0).path("items").asInt()).isEqualTo(1);
        assertThat(dir.resolve("work/seed")).isDirectory();

        // a kept state built from another seed is built again, never measured stale
        Path stamp = dir.resolve("work/seed").resolve(EvalStates.STAMP);
        assertThat(Files.readString(stamp)).isEqualTo(EvalStates.seedFingerprint());
        Files.writeString(stamp, "an older seed");
        CliTest.Run again = CliTest.run("eval", "--seed-only", "--work-dir", dir.resolve("work").toString(), "--set",
                file.toString(), "--limit", "1", "--json");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("was built from another seed");
        assertThat(Files.readString(stamp)).isEqualTo(EvalStates.seedFingerprint());
    }

    @Test
    void theCommittedSampleIsWhatMakeSampleDraws(@TempDir Path dir) throws Exception {
        var shared = SharedData.dir();
        Assumptions.assumeTrue(shared.isPresent(), "../shared/data is absent");
        Path tsv = dir.resolve("s.tsv");
        CliTest.Run r = CliTest.run("eval", "--make-sample", tsv.toString(), "--shared", shared.get().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllLines(tsv)).isEqualTo(Files.readAllLines(Path.of("docs/eval/review-sample.tsv")));
    }
}
