package org.strokekg.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenConfig;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;

/**
 * The CPU benchmark of the engine: decode speed of a randomly initialised Qwen2 of a given shape next to the
 * memory-bandwidth bound measured in the same run, and the time to prefill a long prompt. Not a test: numbers depend
 * on the machine and on what else runs on it.
 */
public final class EngineBenchmark {

    /** What to run. The default shape is Qwen2.5-0.5B's. */
    public record Options(QwenConfig shape, int prefillTokens, int decodeTokens, int repeats, List<Integer> threads) {
        public Options {
            threads = List.copyOf(threads);
        }
    }

    /**
     * The figures.
     *
     * @param copyBytesPerSecond a plain multi-threaded copy of a large buffer, counting bytes read plus written
     * @param boundTokensPerSecond copy bandwidth / weight bytes read per decode step
     */
    public record Report(String cpu, int cores, int torchThreads, long parameters, long bytesPerToken,
            double copyBytesPerSecond, double boundTokensPerSecond, double decodeTokensPerSecond, double prefillSeconds,
            int prefillTokens, double prefillFlops, double gemmFlopsPerSecond, OptionalDouble fmaPeakFlopsPerSecond) {

        public double fractionOfBound() {
            return decodeTokensPerSecond / boundTokensPerSecond;
        }

        /** The prefill's arithmetic rate: {@link #prefillFlops} over its time. */
        public double prefillFlopsPerSecond() {
            return prefillFlops / prefillSeconds;
        }
    }

    private EngineBenchmark() {
    }

    /** Qwen2.5-0.5B's shape: hidden 896, 24 layers, 14 query / 2 KV heads, intermediate 4864, vocab 151936, tied. */
    public static QwenConfig qwen25HalfB(int layers) {
        return new QwenConfig(QwenConfig.Family.QWEN2, 151936, 896, 4864, layers, 14, 2, 64, 1_000_000, 1e-6, true,
                32768, List.of(151643, 151645));
    }

    /** One report per thread count, all on the same weights; the best of {@code repeats} runs of each figure. */
    public static List<Report> run(Options o) {
        List<Report> reports = new ArrayList<>();
        try (QwenWeights w = RandomWeights.model(o.shape(), Device.cpu(), DataType.FLOAT32, 42);
                QwenRuntime runtime = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
            Random random = new Random(7);
            int[] prompt = random.ints(o.prefillTokens(), 0, o.shape().vocabSize()).toArray();
            for (int threads : o.threads()) {
                JniUtils.setNumThreads(threads);
                double copy = copyBandwidth(threads, 256 << 20, 5);
                double prefill = Double.MAX_VALUE;
                double decode = 0;
                for (int r = 0; r < o.repeats(); r++) {
                    try (KvCache cache = runtime.newCache(prompt.length + o.decodeTokens() + 4)) {
                        long t0 = System.nanoTime();
                        float[] logits = Forward.next(w, cache, prompt);
                        prefill = Math.min(prefill, (System.nanoTime() - t0) / 1e9);
                        int token = argmax(logits);
                        for (int i = 0; i < 3; i++) { // warm-up steps
                            token = argmax(Forward.next(w, cache, new int[] {token}));
                        }
                        long t1 = System.nanoTime();
                        for (int i = 0; i < o.decodeTokens(); i++) {
                            token = argmax(Forward.next(w, cache, new int[] {token}));
                        }
                        decode = Math.max(decode, o.decodeTokens() / ((System.nanoTime() - t1) / 1e9));
                    }
                }
                long perToken = w.bytesReadPerToken();
                reports.add(new Report(cpuModel(), Runtime.getRuntime().availableProcessors(), threads,
                        w.parameterCount(), perToken, copy, copy / perToken, decode, prefill, o.prefillTokens(),
                        prefillFlops(o.shape(), o.prefillTokens()), gemmRate(o.shape(), o.prefillTokens(), o.repeats()),
                        fmaPeak(threads)));
            }
        }
        return reports;
    }

    /**
     * Multiply-adds (×2) of a prefill of {@code tokens} as {@link Forward} computes it: every layer's projections and
     * MLP for each token, attention scores and their weighted sum over the whole T × T square (masked, not skipped),
     * and the head for the last position only.
     */
    static double prefillFlops(QwenConfig c, int tokens) {
        double q = (double) c.heads() * c.headDim();
        double kv = (double) c.kvHeads() * c.headDim();
        double perLayerWeights = c.hiddenSize() * (q + 2 * kv) + q * c.hiddenSize()
                + 3.0 * c.hiddenSize() * c.intermediateSize();
        double attention = 2.0 * tokens * (double) tokens * c.headDim() * c.heads();
        return c.layers() * (2.0 * tokens * perLayerWeights + 2.0 * attention) + 2.0 * c.hiddenSize() * c.vocabSize();
    }

    /**
     * libtorch's FP32 GEMM rate at the prefill's largest shape, (T × hidden) · (2 intermediate × hidden)ᵀ, the gate and
     * up projections that are two thirds of its arithmetic: best of {@code repeats} after a warm-up.
     */
    static double gemmRate(QwenConfig c, int tokens, int repeats) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomNormal(new Shape(tokens, c.hiddenSize()));
            NDArray w = m.randomNormal(new Shape(2L * c.intermediateSize(), c.hiddenSize()));
            double flops = 2.0 * tokens * c.hiddenSize() * 2.0 * c.intermediateSize();
            double best = 0;
            for (int r = 0; r < repeats + 2; r++) {
                long t0 = System.nanoTime();
                try (NDArray y = x.matMul(w.transpose())) {
                    y.toFloatArray();
                }
                if (r >= 2) {
                    best = Math.max(best, flops / ((System.nanoTime() - t0) / 1e9));
                }
            }
            return best;
        }
    }

    /**
     * The FP32 multiply-add peak of {@code threads} cores, measured by {@code FmaPeak} (Java 22+ with the incubating
     * Vector API, as the launcher starts it); empty elsewhere.
     */
    static OptionalDouble fmaPeak(int threads) {
        if (Runtime.version().feature() < 22 || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            IntToDoubleFunction peak = (IntToDoubleFunction) Class.forName(EngineBenchmark.class.getPackageName()
                    + ".FmaPeak").getDeclaredConstructor().newInstance();
            return OptionalDouble.of(peak.applyAsDouble(threads));
        } catch (ReflectiveOperationException | LinkageError e) {
            return OptionalDouble.empty();
        }
    }

    /** Best of {@code repeats} copies of {@code bytes} between direct buffers, split over {@code threads} threads. */
    static double copyBandwidth(int threads, int bytes, int repeats) {
        ByteBuffer src = ByteBuffer.allocateDirect(bytes);
        ByteBuffer dst = ByteBuffer.allocateDirect(bytes);
        for (int i = 0; i < bytes; i += 4096) {
            src.put(i, (byte) i);
            dst.put(i, (byte) 0);
        }
        int slice = bytes / threads;
        double best = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                Future<?>[] parts = new Future<?>[threads];
                for (int t = 0; t < threads; t++) {
                    int from = t * slice;
                    parts[t] = pool.submit(() -> dst.slice(from, slice).put(src.slice(from, slice)));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
                best = Math.max(best, 2.0 * slice * threads / ((System.nanoTime() - t0) / 1e9));
            }
        } catch (Exception e) {
            throw new IllegalStateException("copy benchmark failed", e);
        } finally {
            pool.shutdownNow();
        }
        return best;
    }

    /** The CPU model from /proc/cpuinfo. */
    public static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The first of equal maxima, as the engine's greedy sampler picks. */
    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
