package org.strokekg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code strokekg bench engine}, run as the CLI runs it (stdout captured), and the benchmark's arithmetic. */
class BenchEngineCommandTest {

    @Test
    void benchEngineReportsTheBoundAndTheFigures() {
        String out = run(new BenchEngineCommand(), "--layers", "1", "--prefill-tokens", "8", "--decode-tokens", "2",
                "--repeats", "1", "--threads", "1");
        assertThat(out).contains("copy bandwidth", "bound", "tokens/s", "of the bound", "prefill            8 tokens",
                "GFLOP/s", "GEMM ceiling", "FMA peak");
    }

    @Test
    void prefillArithmeticOfTheHalfBShapeIsCountedByHand() {
        // per layer: q 896², k and v 896 × 128 each, o 896², gate, up and down 3 × 896 × 4864 = 14,909,440 weights;
        // 2 × 512 tokens × 24 layers of them, attention 2 × 2 × 512² × 64 × 14 per layer, the head once (896 × 151,936)
        double expected = 2.0 * 512 * 14_909_440 * 24 + 24 * 2.0 * 2 * 512 * 512 * 64 * 14 + 2.0 * 896 * 151_936;
        assertThat(EngineBenchmark.prefillFlops(EngineBenchmark.qwen25HalfB(24), 512)).isEqualTo(expected);
        assertThat(expected / 1e9).isBetween(389.0, 389.5);
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
