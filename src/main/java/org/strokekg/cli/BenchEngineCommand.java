package org.strokekg.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.strokekg.llm.EngineBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strokekg bench engine}: the engine's CPU decode and prefill benchmark on a random 0.5B-shape Qwen2. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Decode tokens/s of a random Qwen2.5-0.5B-shape model (FP32, CPU) next to the memory-bandwidth "
                + "bound measured in the same run, and the prefill time of a long prompt.")
public final class BenchEngineCommand implements Callable<Integer> {

    @Option(names = "--layers", defaultValue = "24", description = "Decoder layers (24 is the 0.5B shape).")
    int layers;

    @Option(names = "--prefill-tokens", defaultValue = "512", description = "Prompt length for the prefill figure.")
    int prefillTokens;

    @Option(names = "--decode-tokens", defaultValue = "32", description = "Tokens timed for the decode figure.")
    int decodeTokens;

    @Option(names = "--repeats", defaultValue = "3", description = "Runs; the best of each figure is reported.")
    int repeats;

    @Option(names = "--threads", split = ",", description = "libtorch intra-op thread counts to run, e.g. 1,2 "
            + "(default: 1 and all cores).")
    List<Integer> threads;

    @Override
    public Integer call() {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> counts = threads != null ? threads : cores > 1 ? List.of(1, cores) : List.of(1);
        List<EngineBenchmark.Report> reports = EngineBenchmark.run(new EngineBenchmark.Options(
                EngineBenchmark.qwen25HalfB(layers), prefillTokens, decodeTokens, repeats, counts));
        EngineBenchmark.Report first = reports.get(0);
        System.out.printf("machine            %s, %d cores%n", first.cpu(), first.cores());
        System.out.printf("model              random Qwen2 0.5B shape, %d layers, %,d parameters, FP32, tied%n", layers,
                first.parameters());
        System.out.printf("weights per token  %.1f MiB%n", first.bytesPerToken() / 1048576.0);
        for (EngineBenchmark.Report r : reports) {
            System.out.printf("-- libtorch threads %d%n", r.torchThreads());
            System.out.printf("copy bandwidth     %.1f GB/s (read + write, %d threads)%n", r.copyBytesPerSecond() / 1e9,
                    r.torchThreads());
            System.out.printf("bound              %.2f tokens/s%n", r.boundTokensPerSecond());
            System.out.printf("decode             %.2f tokens/s = %.0f%% of the bound%n", r.decodeTokensPerSecond(),
                    100 * r.fractionOfBound());
            System.out.printf("prefill            %d tokens in %.2f s (%.0f tokens/s)%n", r.prefillTokens(),
                    r.prefillSeconds(), r.prefillTokens() / r.prefillSeconds());
        }
        return 0;
    }
}
