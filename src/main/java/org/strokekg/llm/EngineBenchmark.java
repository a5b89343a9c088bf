package org.strokekg.llm;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenConfig;
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
            int prefillTokens) {

        public double fractionOfBound() {
            return decodeTokensPerSecond / boundTokensPerSecond;
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
        try (QwenWeights w = QwenWeights.random(o.shape(), Device.cpu(), DataType.FLOAT32, 42)) {
            Random random = new Random(7);
            int[] prompt = random.ints(o.prefillTokens(), 0, o.shape().vocabSize()).toArray();
            for (int threads : o.threads()) {
                JniUtils.setNumThreads(threads);
                double copy = copyBandwidth(threads, 256 << 20, 5);
                double prefill = Double.MAX_VALUE;
                double decode = 0;
                for (int r = 0; r < o.repeats(); r++) {
                    try (KvCache cache = w.newCache(prompt.length + o.decodeTokens() + 4)) {
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
                        w.parameterCount(), perToken, copy, copy / perToken, decode, prefill, o.prefillTokens()));
            }
        }
        return reports;
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

    private static int argmax(float[] v) {
        return Sampler.argmax(v);
    }
}
