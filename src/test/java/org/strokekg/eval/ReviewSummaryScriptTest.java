package org.strokekg.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/review_summary.py recomputes the rubric's summary from judgments, and flags a judgment that miscounts. */
class ReviewSummaryScriptTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSummaryIsRecomputedFromTheJudgments(@TempDir Path round) throws Exception {
        Path seed = Files.createDirectories(round.resolve("seed"));
        Files.write(seed.resolve("answers-stroke-zh-1.jsonl"), List.of(
                "{\"id\": \"a\", \"state\": \"seed\", \"lang\": \"zh\", \"group\": \"stroke-zh\", \"units\": [\"u1\", \"u2\"]}",
                "{\"id\": \"b\", \"state\": \"seed\", \"lang\": \"zh-Hant\", \"group\": \"stroke-zh\", \"units\": [\"u1\", \"u2\"]}"),
                StandardCharsets.UTF_8);
        Files.write(seed.resolve("judgments-stroke-zh-1.jsonl"), List.of(
                judgment("a", 2, true, true, false, false, 4, "[\"hub-bridging\"]"),
                judgment("b", 1, false, false, true, true, 1, "[\"hub-bridging\", \"emergency-misfire\"]")),
                StandardCharsets.UTF_8);
        Run r = run(round, "--json", "--strict");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode all = JSON.readTree(r.out()).path("states").path("seed").path("groups").path("all");
        assertThat(all.path("answers").asInt()).isEqualTo(2);
        assertThat(all.path("answers_question").asDouble()).isCloseTo(1.5, within(1e-9));
        assertThat(all.path("share_2").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(all.path("relevant_per_unit").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(all.path("wrong_per_unit").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(all.path("any_wrong").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(all.path("emergency_ok").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(all.path("usefulness").asDouble()).isCloseTo(2.5, within(1e-9));
        assertThat(all.path("patterns").path("hub-bridging").asInt()).isEqualTo(2);
        assertThat(JSON.readTree(r.out()).path("states").path("seed").path("groups").has("lang zh-Hant")).isTrue();

        // a judgment whose counts disagree with its per-unit list is a problem; --strict fails on it
        Files.write(seed.resolve("judgments-stroke-zh-1.jsonl"), List.of(
                judgment("a", 2, true, true, false, false, 4, "[]").replace("\"relevant\": 2", "\"relevant\": 1")),
                StandardCharsets.UTF_8);
        Run bad = run(round, "--strict");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("relevant 1 but per_unit marks 2");
    }

    /** A judgment of two units: relevant and wrong flags per unit. */
    private static String judgment(String id, int answers, boolean rel1, boolean rel2, boolean wrong1, boolean wrong2,
                                   int usefulness, String patterns) {
        int relevant = (rel1 ? 1 : 0) + (rel2 ? 1 : 0);
        int wrong = (wrong1 ? 1 : 0) + (wrong2 ? 1 : 0);
        return "{\"id\": \"" + id + "\", \"state\": \"seed\", \"reviewer\": \"t\", \"answers_question\": " + answers
                + ", \"units\": 2, \"relevant\": " + relevant + ", \"wrong\": " + wrong + ", \"emergency_ok\": "
                + (answers == 2) + ", \"usefulness\": " + usefulness + ", \"note\": \"n\", \"patterns\": " + patterns
                + ", \"per_unit\": [{\"text\": \"u1\", \"relevant\": " + rel1 + ", \"wrong\": " + wrong1
                + ", \"why\": \"w\"}, {\"text\": \"u2\", \"relevant\": " + rel2 + ", \"wrong\": " + wrong2
                + ", \"why\": \"w\"}]}";
    }

    record Run(int exit, String out, String err) {
    }

    private static Run run(Path round, String... flags) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "scripts/review_summary.py", round.toString()));
        cmd.addAll(List.of(flags));
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException noPython) {
            Assumptions.abort("python3 is not installed");
            throw noPython;
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, err);
    }
}
