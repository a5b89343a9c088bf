package org.strokekg.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.GenerationHandle;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.SchedulerOptions;
import org.strokekg.llm.generate.SchedulerStats;
import org.strokekg.llm.qwen.LoraWeights;
import org.strokekg.llm.qwen.QwenConfig;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.TokenSink;
import org.strokekg.llm.tokenizer.TextTokenizer;

/**
 * Throughput of the scheduler at several concurrency levels on a randomly initialised model (the 0.5B shape by
 * default; FP32 on the CPU, FP16 on a GPU): N requests with different prompts submitted together, each generating the same number of tokens greedily,
 * so their prompts run in one step and they decode side by side to the end. Not a test: the figures depend on the
 * machine and on what else runs on it.
 */
public final class ConcurrencyBenchmark {

    /** What to run: the model shape, each request's prompt and reply length, repeats, libtorch threads, levels. */
    public record Options(QwenConfig shape, int promptTokens, int newTokens, int repeats, int threads,
            List<Integer> levels, DevicePreference device, QwenRuntime.Options runtime) {
        public Options {
            levels = List.copyOf(levels);
        }
    }

    /**
     * One level's best run.
     *
     * @param decodeTokensPerSecond all requests' decode steps per second of their (shared) decode phase
     * @param totalTokensPerSecond  every generated token per second of wall time, prompts included
     * @param meanBatch             rows per forward step, from the scheduler's counters
     */
    public record Report(int requests, double decodeTokensPerSecond, double totalTokensPerSecond, double meanBatch,
            double seconds, long parameters, String device) {
    }

    private ConcurrencyBenchmark() {
    }

    public static List<Report> run(Options o) {
        return run(o, 0);
    }

    /** {@link #run(Options)} with a random LoRA of rank {@code loraRank} merged into the random weights (0: none). */
    public static List<Report> run(Options o, int loraRank) {
        QwenConfig s = o.shape();
        // no end-of-text ids: random weights would stop at an arbitrary step and the requests would differ in length
        QwenConfig shape = new QwenConfig(s.family(), s.vocabSize(), s.hiddenSize(), s.intermediateSize(), s.layers(),
                s.heads(), s.kvHeads(), s.headDim(), s.ropeTheta(), s.rmsNormEps(), s.tiedEmbeddings(),
                s.maxPositions(), List.of());
        int most = Collections.max(o.levels());
        Device device = device(o.device()); // starts the engine
        QwenWeights w = RandomWeights.model(shape, device, device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32, 42,
                loraRank);
        JniUtils.setNumThreads(o.threads());
        List<Report> reports = new ArrayList<>();
        try (LanguageModel model = LanguageModel.of("random-qwen2", w, new IdsOnly(shape.vocabSize()), Map.of(),
                new SchedulerOptions(most, Math.max(512, most * o.promptTokens())), o.runtime())) {
            Random random = new Random(7);
            runLevel(model, 1, o.promptTokens(), Math.min(4, o.newTokens()), random); // warm-up
            Report[] best = new Report[o.levels().size()];
            for (int r = 0; r < o.repeats(); r++) { // levels interleaved, so a busy spell does not hit one level only
                for (int i = 0; i < best.length; i++) {
                    Report report = runLevel(model, o.levels().get(i), o.promptTokens(), o.newTokens(), random);
                    if (best[i] == null || report.totalTokensPerSecond() > best[i].totalTokensPerSecond()) {
                        best[i] = report;
                    }
                }
            }
            reports.addAll(List.of(best));
            LoggerFactory.getLogger(ConcurrencyBenchmark.class).info("CUDA graphs: {}", model.graphStats());
        }
        return reports;
    }

    /**
     * {@code requests} requests together over {@code adapterCount} random rank-{@code loraRank} adapters kept unmerged
     * beside the random base (request i through adapter i mod count): the best of the repeats. Compare with
     * {@link #run(Options, int)} at the same level, whose adapter is merged.
     */
    public static Report runAdapters(Options o, int loraRank, int adapterCount, int requests) {
        QwenConfig s = o.shape();
        QwenConfig shape = new QwenConfig(s.family(), s.vocabSize(), s.hiddenSize(), s.intermediateSize(), s.layers(),
                s.heads(), s.kvHeads(), s.headDim(), s.ropeTheta(), s.rmsNormEps(), s.tiedEmbeddings(),
                s.maxPositions(), List.of());
        Device device = device(o.device());
        QwenWeights w = RandomWeights.model(shape, device, device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32, 42, 0);
        Map<String, LoraWeights> adapters = new LinkedHashMap<>();
        List<Optional<String>> names = new ArrayList<>();
        for (int i = 0; i < adapterCount; i++) {
            adapters.put("random-" + i, RandomWeights.adapter(w, loraRank, 100 + i, "random-" + i));
        }
        for (int i = 0; i < requests; i++) {
            names.add(Optional.of("random-" + (i % adapterCount)));
        }
        JniUtils.setNumThreads(o.threads());
        try (LanguageModel model = LanguageModel.of("random-qwen2", w, new IdsOnly(shape.vocabSize()), adapters,
                new SchedulerOptions(requests, Math.max(512, requests * o.promptTokens())), o.runtime())) {
            Random random = new Random(7);
            runLevel(model, names.subList(0, 1), o.promptTokens(), Math.min(4, o.newTokens()), random); // warm-up
            Report best = null;
            for (int r = 0; r < o.repeats(); r++) {
                Report report = runLevel(model, names, o.promptTokens(), o.newTokens(), random);
                if (best == null || report.totalTokensPerSecond() > best.totalTokensPerSecond()) {
                    best = report;
                }
            }
            LoggerFactory.getLogger(ConcurrencyBenchmark.class).info("CUDA graphs ({} adapters): {}", adapterCount,
                    model.graphStats());
            return best;
        }
    }

    private static Report runLevel(LanguageModel model, int n, int promptTokens, int newTokens, Random random) {
        return runLevel(model, Collections.nCopies(n, Optional.empty()), promptTokens, newTokens, random);
    }

    private static Report runLevel(LanguageModel model, List<Optional<String>> adapters, int promptTokens,
            int newTokens, Random random) {
        int n = adapters.size();
        SchedulerStats before = model.stats();
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] prompt = random.ints(promptTokens, 0, model.tokenizer().size()).toArray();
            requests.add(GenerationRequest.builder(new Prompt.Tokens(prompt)).maxNewTokens(newTokens).build());
        }
        long t0 = System.nanoTime();
        List<GenerationHandle> handles = model.startAll(requests, adapters, TokenSink.NONE);
        long tokens = 0;
        double decodeRate = 0;
        for (GenerationHandle h : handles) {
            GenerationResult r = h.await();
            tokens += r.tokens().length;
            decodeRate += r.timings().decodeTokensPerSecond(); // they decode side by side: the rates add up
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        SchedulerStats after = model.stats();
        double meanBatch = (double) (after.rowSteps() - before.rowSteps()) / (after.steps() - before.steps());
        return new Report(n, decodeRate, tokens / seconds, meanBatch, seconds, model.info().parameters(),
                model.info().device() + " " + model.info().dtype());
    }

    /** The device {@code preference} names, starting DJL's engine; a GPU that is not there is an error. */
    private static Device device(DevicePreference preference) {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (preference == DevicePreference.CPU || preference == DevicePreference.AUTO && gpus == 0) {
            return Device.cpu();
        }
        if (gpus == 0) {
            throw new InvalidInputException("device", "GPU requested, but DJL's PyTorch engine finds none");
        }
        return Device.gpu();
    }

    /** The benchmark feeds token ids and reads token ids: its model has no text. */
    private record IdsOnly(int size) implements TextTokenizer {
        @Override
        public int[] encode(String text) {
            throw new UnsupportedOperationException("the benchmark model has no text");
        }

        @Override
        public int[] encodeWithSpecialTokens(String text) {
            return encode(text);
        }

        @Override
        public OptionalInt tokenId(String token) {
            return OptionalInt.empty();
        }

        @Override
        public byte[] bytes(int id) {
            return new byte[0];
        }

        @Override
        public boolean isSpecial(int id) {
            return false;
        }

        @Override
        public String decode(int[] ids) {
            return "";
        }

        @Override
        public void close() {
        }
    }
}
