package org.strokekg.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.strokekg.cli.GenerateCommand;
import picocli.CommandLine;

/** {@code strokekg generate}, the engine's own command, run as the CLI runs it (stdout captured). */
class GenerateCommandTest {

    @Test
    void generateStreamsTextAndReportsSpeed() {
        String out = run(new GenerateCommand(), "--model", LlmFixtures.model("qwen2-tied-f32").toString(),
                "--adapter", LlmFixtures.model("qwen2-tied-lora").toString(), "--prompt", "偏瘫患者", "--chat",
                "--max-new-tokens", "5", "--device", "cpu");
        assertThat(out).isNotBlank();
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
