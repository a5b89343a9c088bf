package org.strokekg.bench;

import java.util.List;
import java.util.concurrent.Callable;
import org.strokekg.bench.ConcurrencyBenchmark;
import org.strokekg.bench.GpuBenchmark;
import org.strokekg.llm.EngineOptions;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.qwen.CudaGraphs;
import org.strokekg.llm.qwen.QwenRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strokekg bench gpu}: the engine on a GPU, a random Qwen2.5-3B-shape model in FP16 with a merged LoRA. */
@Command(name = "gpu", mixinStandardHelpOptions = true,
        description = {"Prefill and decode speed of the engine on the GPU.",
                "Prefill and batch-1 decode of a random Qwen2.5-3B-shape model (FP16, random LoRA merged) on the GPU, "
                        + "next to the memory-bandwidth bound measured in the same run."})
public final class BenchGpuCommand implements Callable<Integer> {

    @Option(names = "--layers", defaultValue = "36", description = "Decoder layers (36 is the 3B shape).")
    int layers;

    @Option(names = "--lora-rank", defaultValue = "32", description = "Rank of the random LoRA on every projection "
            + "(0: none).")
    int loraRank;

    @Option(names = "--prefill-tokens", defaultValue = "1000", description = "Prompt length for the prefill figure.")
    int prefillTokens;

    @Option(names = "--decode-tokens", defaultValue = "128", description = "Tokens timed for the decode figure.")
    int decodeTokens;

    @Option(names = "--repeats", defaultValue = "3", description = "Runs; the best of each figure is reported.")
    int repeats;

    @Option(names = "--device", defaultValue = "gpu", description = "gpu, or cpu for a smoke run of the same code "
            + "(with few layers and tokens).")
    DevicePreference device;

    @Option(names = "--concurrency", split = ",", description = "Numbers of concurrent requests to run through the "
            + "engine's scheduler after the batch-1 figures, e.g. 1,8 (each with --prefill-tokens of prompt and "
            + "--decode-tokens new tokens).")
    List<Integer> concurrency;

    @Option(names = "--adapters", defaultValue = "4", description = "After the concurrency runs: the largest level's "
            + "requests over this many random unmerged adapters of --lora-rank (request i through adapter i mod n), "
            + "next to the same load on the merged model (0: not run).")
    int adapters;

    @Option(names = "--ops", description = "Also time each kind of operation a decode step issues.")
    boolean ops;

    @Option(names = "--prefill-profile", description = "Only profile one packed prefill step of --profile-rows "
            + "prompts of --prefill-tokens: its time as it runs, then the time of each class of operation (embedding, "
            + "norms, RoPE, the GEMMs, attention, cache writes, head) with the device waited for between them.")
    boolean prefillProfile;

    @Option(names = "--profile-rows", defaultValue = "8", description = "Prompts in the profiled prefill step.")
    int profileRows;

    @Option(names = "--cuda-graphs", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Replay greedy decode steps as CUDA graphs in the runs through the scheduler, where the "
                    + "engine's graph library is loaded (the batch-1 figures show both paths).")
    boolean cudaGraphs;

    @Override
    public Integer call() {
        EngineOptions engine = BenchSupport.engine();
        if (prefillProfile) {
            printProfile(PrefillProfile.run(new PrefillProfile.Options(GpuBenchmark.qwen25ThreeB(layers), loraRank,
                    profileRows, prefillTokens, repeats, device)));
            return 0;
        }
        GpuBenchmark.Report r = GpuBenchmark.run(new GpuBenchmark.Options(GpuBenchmark.qwen25ThreeB(layers), loraRank,
                prefillTokens, decodeTokens, repeats, device, ops));
        System.out.printf("engine             %s%n", r.engine());
        System.out.printf("model              random Qwen2.5-3B shape, %d layers, %,d parameters, FP16, tied, "
                + "rank-%d LoRA merged%n", layers, r.parameters(), loraRank);
        System.out.printf("weights per token  %.1f MiB%n", r.bytesPerToken() / 1048576.0);
        System.out.printf("copy bandwidth     %.0f GB/s (device to device, read + write)%n",
                r.copyBytesPerSecond() / 1e9);
        System.out.printf("bound              %.1f tokens/s%n", r.boundTokensPerSecond());
        System.out.printf("native op          %.2f us (small elementwise op), %.2f us (its result freed at once), "
                + "%.2f us (grad mode off), %.2f us (view)%n", r.opMicros(), r.opClosedMicros(), r.opNoGradMicros(),
                r.viewMicros());
        System.out.printf("prefill            %d tokens in %.3f s (%.0f tokens/s)%n", r.prefillTokens(),
                r.prefillSeconds(), r.prefillTokens() / r.prefillSeconds());
        System.out.printf("decode             %.1f tokens/s = %.0f%% of the bound (batch 1, greedy, %d tokens)%n",
                r.decodeTokensPerSecond(), 100 * r.fractionOfBound(), r.decodeTokens());
        System.out.printf("issue              %.2f ms of host time per step (%.2f ms per step in all)%n",
                r.issueMillisPerStep(), 1000 / r.decodeTokensPerSecond());
        printMemory(r);
        if (r.graphDecodeTokensPerSecond() > 0) {
            if (r.djlGraphDecodeTokensPerSecond() > 0) {
                System.out.printf("decode, graph, DJL %.1f tokens/s = %.0f%% of the bound (the step written on DJL "
                        + "captured; %.2f ms per step)%n", r.djlGraphDecodeTokensPerSecond(),
                        100 * r.djlGraphDecodeTokensPerSecond() / r.boundTokensPerSecond(),
                        1000 / r.djlGraphDecodeTokensPerSecond());
            }
            System.out.printf("decode, CUDA graph %.1f tokens/s = %.0f%% of the bound (batch 1, greedy, each step one "
                    + "replay of the fused step; %.2f ms per step)%n", r.graphDecodeTokensPerSecond(),
                    100 * r.graphDecodeTokensPerSecond() / r.boundTokensPerSecond(),
                    1000 / r.graphDecodeTokensPerSecond());
            System.out.printf("GPU memory (graph) %d MiB before the timed steps, %d MiB after%n",
                    r.graphGpuBytesBeforeDecode() >> 20, r.graphGpuBytesAfterDecode() >> 20);
        } else {
            System.out.println("decode, CUDA graph not run: the engine's graph library is not loaded");
        }
        if (concurrency != null && !concurrency.isEmpty()) {
            concurrency(engine);
        }
        return 0;
    }

    private void concurrency(EngineOptions engine) {
        QwenRuntime.Options runtime = new QwenRuntime.Options(cudaGraphs, engine.fusedDecode());
        List<ConcurrencyBenchmark.Report> reports = ConcurrencyBenchmark.run(new ConcurrencyBenchmark.Options(
                GpuBenchmark.qwen25ThreeB(layers), prefillTokens, decodeTokens, repeats, 1, concurrency, device,
                runtime), loraRank);
        System.out.printf("-- through the scheduler: each request %d prompt tokens, %d new tokens (greedy), best of "
                + "%d, %s, decode steps %s%n", prefillTokens, decodeTokens, repeats, reports.get(0).device(),
                cudaGraphs && CudaGraphs.available() ? "replayed as CUDA graphs" : "op by op");
        ConcurrencyBenchmark.Report base = reports.get(0);
        for (ConcurrencyBenchmark.Report c : reports) {
            System.out.printf("%2d concurrent      total %7.1f tokens/s (%.2fx)  decode %7.1f tokens/s (%.2fx)  "
                            + "mean batch %.1f  %.1f s%n", c.requests(), c.totalTokensPerSecond(),
                    c.totalTokensPerSecond() / base.totalTokensPerSecond(), c.decodeTokensPerSecond(),
                    c.decodeTokensPerSecond() / base.decodeTokensPerSecond(), c.meanBatch(), c.seconds());
        }
        if (adapters > 0 && loraRank > 0) {
            ConcurrencyBenchmark.Report merged = reports.get(reports.size() - 1);
            ConcurrencyBenchmark.Report mixed = ConcurrencyBenchmark.runAdapters(new ConcurrencyBenchmark.Options(
                    GpuBenchmark.qwen25ThreeB(layers), prefillTokens, decodeTokens, repeats, 1, concurrency, device,
                    runtime), loraRank, adapters, merged.requests());
            System.out.printf("%2d over %d adapters total %7.1f tokens/s (%.2fx merged)  decode %7.1f tokens/s (%.2fx "
                            + "merged)  mean batch %.1f  %.1f s  (unmerged, rank %d)%n", mixed.requests(), adapters,
                    mixed.totalTokensPerSecond(), mixed.totalTokensPerSecond() / merged.totalTokensPerSecond(),
                    mixed.decodeTokensPerSecond(), mixed.decodeTokensPerSecond() / merged.decodeTokensPerSecond(),
                    mixed.meanBatch(), mixed.seconds(), loraRank);
        }
    }

    private void printProfile(PrefillProfile.Report r) {
        long tokens = (long) r.rows() * r.promptTokens();
        System.out.printf("prefill profile    %d x %d tokens in one packed step, random Qwen2.5-3B shape, %d layers, FP16, "
                + "%s, best of %d%n", r.rows(), r.promptTokens(), layers, r.device(), repeats);
        System.out.printf("prefill step       %.4f s as it runs (%.0f tokens/s); %.4f s with the device waited for "
                + "after each class%n", r.stepSeconds(), tokens / r.stepSeconds(), r.profiledSeconds());
        r.seconds().forEach((op, seconds) -> System.out.printf("  %-20s %9.3f ms  %5.1f %%%n",
                op.name().toLowerCase(java.util.Locale.ROOT), seconds * 1e3, 100 * seconds / r.profiledSeconds()));
    }

    private static void printMemory(GpuBenchmark.Report r) {
        System.out.printf("GPU memory         %d MiB before the timed steps, %d MiB after%n",
                r.gpuBytesBeforeDecode() >> 20, r.gpuBytesAfterDecode() >> 20);
    }
}
