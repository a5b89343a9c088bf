package org.strokekg.bench;

import java.util.List;
import java.util.concurrent.Callable;
import org.strokekg.bench.ConcurrencyBenchmark;
import org.strokekg.bench.EngineBenchmark;
import org.strokekg.llm.EngineOptions;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.qwen.QwenRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strokekg bench engine}: the engine's CPU decode and prefill benchmark on a random 0.5B-shape Qwen2. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = {"Decode and prefill speed of the engine on the CPU.",
                "Decode tokens/s of a random Qwen2.5-0.5B-shape model (FP32, CPU) next to the memory-bandwidth bound "
                        + "measured in the same run, and the prefill time of a long prompt; with --concurrency, the "
                        + "scheduler's total tokens/s at each number of concurrent requests instead."})
public final class BenchEngineCommand implements Callable<Integer> {

    @Option(names = "--layers", defaultValue = "24", description = "Decoder layers (24 is the 0.5B shape).")
    int layers;

    @Option(names = "--prefill-tokens", defaultValue = "512", description = "Prompt length for the prefill figure.")
    int prefillTokens;

    @Option(names = "--decode-tokens", defaultValue = "32", description = "Tokens timed for the decode figure; "
            + "with --concurrency, the tokens each request generates.")
    int decodeTokens;

    @Option(names = "--repeats", defaultValue = "3", description = "Runs; the best of each figure is reported.")
    int repeats;

    @Option(names = "--threads", split = ",", description = "libtorch intra-op thread counts to run, e.g. 1,2 "
            + "(default: 1 and all cores; with --concurrency the first one, default all cores).")
    List<Integer> threads;

    @Option(names = "--concurrency", split = ",", description = "Numbers of concurrent requests through the "
            + "scheduler, e.g. 1,8: reports total tokens/s at each, against the first.")
    List<Integer> concurrency;

    @Option(names = "--prompt-tokens", defaultValue = "32", description = "With --concurrency: each request's "
            + "prompt length.")
    int promptTokens;

    @Option(names = "--device", defaultValue = "cpu", description = "With --concurrency: cpu (FP32) or gpu (FP16).")
    DevicePreference device;

    @Override
    public Integer call() {
        EngineOptions engine = BenchSupport.engine();
        int cores = Runtime.getRuntime().availableProcessors();
        if (concurrency != null) {
            return concurrency(threads != null ? threads.get(0) : cores, engine.runtime());
        }
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
            System.out.printf("prefill            %d tokens in %.2f s (%.0f tokens/s): %.0f GFLOP at %.0f GFLOP/s%n",
                    r.prefillTokens(), r.prefillSeconds(), r.prefillTokens() / r.prefillSeconds(),
                    r.prefillFlops() / 1e9, r.prefillFlopsPerSecond() / 1e9);
            System.out.printf("GEMM ceiling       libtorch FP32 GEMM at the prefill shape %.0f GFLOP/s: %d tokens in "
                    + "no less than %.2f s%n", r.gemmFlopsPerSecond() / 1e9, r.prefillTokens(),
                    r.prefillFlops() / r.gemmFlopsPerSecond());
            r.fmaPeakFlopsPerSecond().ifPresent(peak -> System.out.printf("FMA peak           %.0f GFLOP/s FP32 on %d "
                    + "threads: %d tokens in no less than %.2f s; prefill runs at %.0f%% of it%n", peak / 1e9,
                    r.torchThreads(), r.prefillTokens(), r.prefillFlops() / peak,
                    100 * r.prefillFlopsPerSecond() / peak));
        }
        return 0;
    }

    private int concurrency(int torchThreads, QwenRuntime.Options runtime) {
        List<ConcurrencyBenchmark.Report> reports = ConcurrencyBenchmark.run(new ConcurrencyBenchmark.Options(
                EngineBenchmark.qwen25HalfB(layers), promptTokens, decodeTokens, repeats, torchThreads, concurrency,
                device, runtime));
        System.out.printf("machine            %s, %d cores, libtorch threads %d%n", EngineBenchmark.cpuModel(),
                Runtime.getRuntime().availableProcessors(), torchThreads);
        System.out.printf("model              random Qwen2 0.5B shape, %d layers, %,d parameters, %s, tied%n", layers,
                reports.get(0).parameters(), reports.get(0).device());
        System.out.printf("each request       %d prompt tokens, %d new tokens (greedy), best of %d%n", promptTokens,
                decodeTokens, repeats);
        ConcurrencyBenchmark.Report base = reports.get(0);
        for (ConcurrencyBenchmark.Report r : reports) {
            System.out.printf("%2d concurrent      total %6.2f tokens/s (%.2fx)  decode %6.2f tokens/s (%.2fx)  "
                            + "mean batch %.1f  %.1f s%n", r.requests(), r.totalTokensPerSecond(),
                    r.totalTokensPerSecond() / base.totalTokensPerSecond(), r.decodeTokensPerSecond(),
                    r.decodeTokensPerSecond() / base.decodeTokensPerSecond(), r.meanBatch(), r.seconds());
        }
        return 0;
    }
}
