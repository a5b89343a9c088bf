package org.strokekg.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.qwen.CudaGraphs;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenConfig;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;

/**
 * The GPU benchmark of the engine: a randomly initialised model of a given shape in FP16 on the GPU (made there, with
 * a random LoRA merged in), the prefill of a long prompt and batch-1 greedy decoding through the same forward pass and
 * on-device sampler that generation uses, next to the memory-bandwidth bound measured in the same run (weight bytes
 * per token over the device-to-device copy bandwidth libtorch reaches), and the cost of one small native operation
 * issued from Java. Not a test: the numbers depend on the machine.
 */
public final class GpuBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(GpuBenchmark.class);
    private static final int WARM_UP = 32;

    /** What to run; {@code opTable}: also time each kind of operation a decode step issues (logged). */
    public record Options(QwenConfig shape, int loraRank, int prefillTokens, int decodeTokens, int repeats,
            DevicePreference device, boolean opTable) {
    }

    /**
     * The figures (times are the best of the repeats; decode figures are of the best run).
     *
     * @param copyBytesPerSecond   a device-to-device copy of 1 GiB, counting bytes read plus bytes written
     * @param opMicros             one small elementwise operation issued from Java (JNI, libtorch dispatch, launch),
     *                             its result freed with the others at the end of a scope of 1,000 (as a step frees)
     * @param opClosedMicros       the same, each result freed at once (libtorch's allocator reuses one block)
     * @param opNoGradMicros       the same as opMicros with autograd's grad mode off on the thread
     * @param viewMicros           one operation that only makes a view (JNI and dispatch, no kernel)
     * @param issueMillisPerStep   host time to issue one decode step's operations, before waiting for the GPU
     * @param gpuBytesBeforeDecode device memory in use (cudaMemGetInfo) after the warm-up steps
     * @param gpuBytesAfterDecode  the same after the timed steps
     * @param graphDecodeTokensPerSecond the same greedy decode with each step replayed as a CUDA graph (0: no graph
     *                             library): the library's fused step where it suits; its GPU memory figures likewise
     * @param djlGraphDecodeTokensPerSecond the same, the captured step being the engine's step written on DJL (0: not
     *                             run)
     */
    public record Report(String engine, long parameters, long bytesPerToken, double copyBytesPerSecond,
            double opMicros, double opClosedMicros, double opNoGradMicros, double viewMicros, int prefillTokens,
            double prefillSeconds, int decodeTokens, double decodeTokensPerSecond, double issueMillisPerStep,
            long gpuBytesBeforeDecode, long gpuBytesAfterDecode, double graphDecodeTokensPerSecond,
            long graphGpuBytesBeforeDecode, long graphGpuBytesAfterDecode, double djlGraphDecodeTokensPerSecond) {

        public double boundTokensPerSecond() {
            return copyBytesPerSecond / bytesPerToken;
        }

        public double fractionOfBound() {
            return decodeTokensPerSecond / boundTokensPerSecond();
        }
    }

    private GpuBenchmark() {
    }

    /** Qwen2.5-3B's shape: hidden 2048, 36 layers, 16 query / 2 KV heads, intermediate 11008, vocab 151936, tied. */
    public static QwenConfig qwen25ThreeB(int layers) {
        return new QwenConfig(QwenConfig.Family.QWEN2, 151936, 2048, 11008, layers, 16, 2, 128, 1_000_000, 1e-6, true,
                32768, List.of(151643, 151645));
    }

    public static Report run(Options o) {
        Engine engine = Engine.getEngine("PyTorch");
        if (o.device() != DevicePreference.CPU && engine.getGpuCount() == 0) {
            throw new InvalidInputException("device", "no GPU: DJL's PyTorch engine finds none");
        }
        Device gpu = o.device() == DevicePreference.CPU ? Device.cpu() : Device.gpu(); // CPU: a smoke run
        double copy = copyBandwidth(gpu, gpu.isGpu() ? 1L << 29 : 1L << 24);
        double[] op = opCost(gpu);
        LOG.info("copy {} GB/s; us per small op {} (freed in scopes), {} (freed at once), {} (no grad mode); per view {}",
                String.format("%.0f", copy / 1e9), String.format("%.2f", op[0]), String.format("%.2f", op[1]),
                String.format("%.2f", op[2]), String.format("%.2f", op[3]));
        long t0 = System.nanoTime();
        try (QwenWeights w = RandomWeights.model(o.shape(), gpu, DataType.FLOAT16, 42, o.loraRank());
                // 0: op by op; 1: the step on DJL captured; 2: the library's fused step captured
                QwenRuntime opByOp = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP);
                QwenRuntime djlGraphs = new QwenRuntime(w, new QwenRuntime.Options(true, false));
                QwenRuntime fusedGraphs = new QwenRuntime(w, new QwenRuntime.Options(true, true))) {
            QwenRuntime[] runtimes = {opByOp, djlGraphs, fusedGraphs};
            LOG.info("random {}-layer model with a rank-{} LoRA merged, made on {} in {} ms", o.shape().layers(),
                    o.loraRank(), gpu, (System.nanoTime() - t0) / 1_000_000);
            int[] prompt = new Random(7).ints(o.prefillTokens(), 0, o.shape().vocabSize()).toArray();
            int capacity = prompt.length + WARM_UP + o.decodeTokens() + 4;
            double prefill = Double.MAX_VALUE;
            double decode = 0;
            double issue = 0;
            long memBefore = 0;
            long memAfter = 0;
            double graphDecode = 0;
            long graphMemBefore = 0;
            long graphMemAfter = 0;
            double djlGraphDecode = 0;
            boolean graphs = gpu.isGpu() && CudaGraphs.available();
            for (int r = 0; r < o.repeats(); r++) {
                for (int variant : graphs ? new int[] {0, 1, 2} : new int[] {0}) {
                    boolean replay = variant > 0;
                    try (KvCache cache = runtimes[variant].newCache(capacity)) {
                        BitSet seen = new BitSet();
                        long p0 = System.nanoTime();
                        int token = step(w, cache, prompt, seen, null, false);
                        double seconds = (System.nanoTime() - p0) / 1e9;
                        prefill = Math.min(prefill, seconds);
                        for (int i = 0; i < WARM_UP; i++) { // the JIT compiles the step's Java code meanwhile
                            token = step(w, cache, new int[] {token}, seen, null, replay);
                        }
                        long before = gpuMemoryUsed(gpu);
                        long[] issued = new long[1];
                        long d0 = System.nanoTime();
                        for (int i = 0; i < o.decodeTokens(); i++) {
                            token = step(w, cache, new int[] {token}, seen, issued, replay);
                        }
                        double tokensPerSecond = o.decodeTokens() / ((System.nanoTime() - d0) / 1e9);
                        long after = gpuMemoryUsed(gpu);
                        LOG.info("run {} {}: prefill {} tokens {} s, decode {} tok/s, {} {} ms/step, GPU memory {} -> "
                                + "{} MiB", r + 1, variant == 2 ? "CUDA graph, fused step"
                                : replay ? "CUDA graph, step on DJL" : "op by op", prompt.length,
                                String.format("%.3f", seconds), String.format("%.1f", tokensPerSecond),
                                replay ? "step incl. readback" : "issue",
                                String.format("%.2f", issued[0] / 1e6 / o.decodeTokens()), before >> 20, after >> 20);
                        if (variant == 1) {
                            djlGraphDecode = Math.max(djlGraphDecode, tokensPerSecond);
                        } else if (replay && tokensPerSecond > graphDecode) {
                            graphDecode = tokensPerSecond;
                            graphMemBefore = before;
                            graphMemAfter = after;
                        } else if (!replay && tokensPerSecond > decode) {
                            decode = tokensPerSecond;
                            issue = issued[0] / 1e6 / o.decodeTokens();
                            memBefore = before;
                            memAfter = after;
                        }
                    }
                }
            }
            LOG.info("CUDA graphs: step on DJL {}, fused step {}", djlGraphs.graphStats(), fusedGraphs.graphStats());
            if (o.opTable()) {
                OpCosts.print(gpu, o.shape());
            }
            return new Report(engine.getEngineName() + " " + engine.getVersion(), w.parameterCount(),
                    w.bytesReadPerToken(), copy, op[0], op[1], op[2], op[3], o.prefillTokens(), prefill,
                    o.decodeTokens(), decode, issue, memBefore, memAfter, graphDecode, graphMemBefore, graphMemAfter,
                    djlGraphDecode);
        }
    }

    /**
     * One forward step and the on-device choice of the next token; {@code issued} adds the host's issue time. With
     * {@code graph}, a greedy step through {@link Forward#step} (its argmax on the device), which replays a CUDA graph
     * where there is one; {@code issued} then adds the whole step's time.
     */
    private static int step(QwenWeights w, KvCache cache, int[] tokens, BitSet seen, long[] issued, boolean graph) {
        if (graph) {
            long t0 = System.nanoTime();
            int token = Forward.step(w, List.of(new Forward.Row(cache, tokens, Optional.empty(), false))).argmax()[0];
            if (issued != null) {
                issued[0] += System.nanoTime() - t0;
            }
            seen.set(token);
            return token;
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long t0 = System.nanoTime();
            NDArray logits = Forward.lastLogits(w, cache, tokens);
            if (issued != null) {
                issued[0] += System.nanoTime() - t0;
            }
            int token = (int) logits.argMax().getLong(); // greedy on the device; waits for it: the id is copied back
            seen.set(token);
            return token;
        }
    }

    /** Best of 3 rounds of 10 clones of an FP16 array (1 GiB on a GPU), counting bytes read plus bytes written. */
    static double copyBandwidth(Device device, long elements) {
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray src;
            try (NDArray f32 = m.randomUniform(-1f, 1f, new Shape(elements), DataType.FLOAT32)) {
                src = f32.toType(DataType.FLOAT16, false);
            }
            double best = 0;
            for (int round = 0; round < 4; round++) {
                sync(src);
                long t0 = System.nanoTime();
                for (int i = 0; i < 10; i++) {
                    try (NDArray copy = src.duplicate()) {
                        copy.getShape(); // nothing: closing returns the block to libtorch's cache for the next copy
                    }
                }
                sync(src);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (round > 0) { // the first round warms up
                    best = Math.max(best, 10 * 2.0 * elements * 2 / seconds);
                }
            }
            return best;
        }
    }

    /**
     * Host microseconds per operation issued back to back (best of 3 rounds): a small elementwise op with results
     * freed 1,000 at a time, the same freed at once, the same with grad mode off, and a view.
     */
    static double[] opCost(Device device) {
        int n = 20_000;
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            NDArray x = m.randomUniform(-1f, 1f, new Shape(1, 2048), DataType.FLOAT32).toType(DataType.FLOAT16, false);
            boolean grad = JniUtils.isGradMode();
            for (int round = 0; round < 4; round++) {
                for (int kind = 0; kind < 4; kind++) {
                    JniUtils.setGradMode(kind == 2 ? false : grad);
                    sync(x);
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i += 1000) {
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            for (int j = 0; j < 1000; j++) {
                                switch (kind) {
                                    case 1 -> x.add(x).close();
                                    case 3 -> x.reshape(2048);
                                    default -> x.add(x);
                                }
                            }
                        }
                    }
                    sync(x);
                    double micros = (System.nanoTime() - t0) / 1e3 / n;
                    if (round > 0) {
                        best[kind] = Math.min(best[kind], micros);
                    }
                }
            }
            JniUtils.setGradMode(grad);
        }
        return best;
    }

    /** Waits for the device's queued work: reading one element back does. */
    private static void sync(NDArray a) {
        try (NDArray one = a.get(0)) {
            Arrays.hashCode(one.toByteArray());
        }
    }

    private static long gpuMemoryUsed(Device device) {
        try {
            return CudaUtils.getGpuMemory(device).getUsed();
        } catch (RuntimeException e) {
            LOG.debug("no GPU memory figure: {}", e.toString());
            return 0;
        }
    }
}
