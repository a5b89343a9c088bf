package org.strokekg.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.strokekg.cli.BenchEngineCommand;
import org.strokekg.cli.GenerateCommand;
import picocli.CommandLine;

/** The engine's two commands, run as the CLI runs them (stdout captured). */
class EngineCommandsTest {

    @Test
    void generateStreamsTextAndReportsSpeed() {
        String out = run(new GenerateCommand(), "--model", LlmFixtures.model("qwen2-tied-f32").toString(),
                "--adapter", LlmFixtures.model("qwen2-tied-lora").toString(), "--prompt", "偏瘫患者", "--chat",
                "--max-new-tokens", "5", "--device", "cpu");
        assertThat(out).isNotBlank();
    }

    @Test
    void benchEngineReportsTheBoundAndTheFigures() {
        String out = run(new BenchEngineCommand(), "--layers", "1", "--prefill-tokens", "8", "--decode-tokens", "2",
                "--repeats", "1", "--threads", "1");
        assertThat(out).contains("copy bandwidth", "bound", "tokens/s", "of the bound", "prefill            8 tokens");
    }

    @Test
    void benchEngineComparesConcurrencyLevels() {
        String out = run(new BenchEngineCommand(), "--layers", "1", "--concurrency", "1,3", "--prompt-tokens", "4",
                "--decode-tokens", "3", "--repeats", "1", "--threads", "1");
        assertThat(out).contains(" 1 concurrent", " 3 concurrent", "total", "decode", "mean batch 3.0");
    }

    private static String run(Object command, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
