package org.strokekg.llm.qwen;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.llm.lora.LoraAdapter;
import org.strokekg.llm.safetensors.WeightSource;

/**
 * A loaded model: config plus native weight arrays, immutable after {@link #load} and shared by every request; the
 * state of running it (CUDA graphs, cache accounting) lives beside it in a {@link QwenRuntime}, and each request
 * brings its own {@link KvCache}. The adapter, if any, is merged into this model's own copy at load; the
 * checkpoint files and other models are never written. Shapes in comments: H hidden, D head dim, Hq/Hkv heads, I
 * intermediate, V vocab.
 */
public final class QwenWeights implements AutoCloseable {

    /** One decoder layer. {@code qkvBias} and {@code qkNorm} are null where the family has none. */
    public record Layer(
            NDArray inputNorm, // (H)
            NDArray qkv,       // ((Hq + 2 Hkv) D, H): q | k | v fused
            NDArray qkvBias,   // ((Hq + 2 Hkv) D) or null
            NDArray qkNorm,    // (Hq + Hkv, D) or null: Qwen3's q_norm for each q head, then k_norm for each k head
            NDArray o,         // (H, Hq D)
            NDArray postNorm,  // (H)
            NDArray gateUp,    // (2 I, H): gate | up fused
            NDArray down) {    // (H, I)
    }

    final QwenConfig config;
    final NDManager manager;
    final DataType dtype;
    final NDArray embed;      // (V, H)
    final List<Layer> layers;
    final NDArray finalNorm;  // (H)
    final NDArray lmHead;     // (V, H), the embedding itself when tied
    final NDArray ropeCos;    // (maxPositions, D) in the compute type
    final NDArray ropeSin;
    final NDArray signs;      // (2, 1): 1 and -1 in the compute type, for RMSNorm's [x, -x]
    final NDArray ropeEye;    // (D, D): I and rotate_half's matrix, see Rope#basis
    final NDArray ropeRot;
    private final Map<NDArray, NDArray> doubledNorms = new IdentityHashMap<>(); // norm weight g -> [g, g]
    private final Map<Long, NDArray[]> layerNormConstants = new HashMap<>();    // 2n -> {ones, zeros}
    final NDArray attentionScale; // float32 scalar: DJL turns a Java number into an array copied from the host at each
                                  // use, and on a GPU that copy waits for all queued work
    private final long parameters;
    private final long bytes;
    private final Optional<String> adapterName;

    private QwenWeights(QwenConfig config, NDManager manager, DataType dtype, NDArray embed, List<Layer> layers,
            NDArray finalNorm, NDArray lmHead, long parameters, long bytes, Optional<String> adapterName) {
        this.config = config;
        this.manager = manager;
        this.dtype = dtype;
        this.embed = embed;
        this.layers = List.copyOf(layers);
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
        NDArray[] rope = new Rope(config.headDim(), config.ropeTheta()).tables(manager, config.maxPositions(), dtype);
        this.ropeCos = rope[0];
        this.ropeSin = rope[1];
        this.signs = keepRandom(manager.create(new float[] {1f, -1f}, new Shape(2, 1)), dtype);
        NDArray[] basis = new Rope(config.headDim(), config.ropeTheta()).basis(manager, dtype);
        this.ropeEye = basis[0];
        this.ropeRot = basis[1];
        for (Layer l : this.layers) {
            doubleNorm(l.inputNorm());
            doubleNorm(l.postNorm());
        }
        doubleNorm(finalNorm);
        layerNormConstants(2L * config.hiddenSize());
        layerNormConstants(2L * config.headDim());
        this.attentionScale = scalar(manager, 1.0f / (float) Math.sqrt(config.headDim()));
        manager.cap(); // immutable from here: an array attaching to it by mistake fails loudly
        this.parameters = parameters;
        this.bytes = bytes;
        this.adapterName = adapterName;
    }

    /**
     * Loads a Hugging Face model folder onto {@code device} in {@code dtype} (FP32 on CPU, FP16 on GPU), merging
     * {@code adapter} into this model's copy when given.
     */
    public static QwenWeights load(Path modelDir, Optional<LoraAdapter> adapter, Device device, DataType dtype) {
        QwenConfig c = QwenConfig.read(modelDir);
        NativeAllocator.tune();
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try (WeightSource source = WeightSource.openFolder(modelDir)) {
            TensorLoader in = new TensorLoader(manager, dtype, source, adapter);
            Layout names = Layout.of(c.family());
            long h = c.hiddenSize();
            long d = c.headDim();
            long q = (long) c.heads() * d;
            long kv = (long) c.kvHeads() * d;
            long inter = c.intermediateSize();
            NDArray embed = in.plain(names.embed() + ".weight", c.vocabSize(), h);
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i < c.layers(); i++) {
                Layout.LayerNames l = names.layer(c.family(), i);
                long[] qkvOuts = l.qkv().size() == 1 ? new long[] {q + 2 * kv} : new long[] {q, kv, kv};
                long[] guOuts = l.gateUp().size() == 1 ? new long[] {2 * inter} : new long[] {inter, inter};
                layers.add(new Layer(
                        in.plain(l.inputNorm() + ".weight", h),
                        in.fused(l.qkv(), qkvOuts, h),
                        in.fusedBias(l.qkv(), qkvOuts).orElse(null),
                        l.qNorm().isPresent() ? in.perHead(l.qNorm().get() + ".weight", c.heads(),
                                l.kNorm().orElseThrow() + ".weight", c.kvHeads(), d) : null,
                        in.linear(l.o(), h, q),
                        in.plain(l.postNorm() + ".weight", h),
                        in.fused(l.gateUp(), guOuts, h),
                        in.linear(l.down(), h, inter)));
            }
            NDArray norm = in.plain(names.finalNorm() + ".weight", h);
            boolean tied = c.tiedEmbeddings();
            NDArray head = in.head(names.lmHead(), names.embed(), tied, embed, c.vocabSize(), h);
            in.checkAdapterUsed();
            return new QwenWeights(c, manager, dtype, embed, layers, norm, head, in.parameters(), in.bytes(),
                    adapter.map(LoraAdapter::name));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Weights made in memory rather than read from a checkpoint (a benchmark's random model of a shape no file holds):
     * {@code layers} and the other arrays belong to {@code manager}, which the weights take over (and close); the
     * arrays are in {@code dtype} on the manager's device, laid out as {@link Layer} says. {@code parameters} counts
     * each array once (a tied head is the embedding).
     */
    public static QwenWeights of(QwenConfig config, NDManager manager, DataType dtype, NDArray embed,
            List<Layer> layers, NDArray finalNorm, NDArray lmHead, long parameters) {
        NativeAllocator.tune();
        if (layers.size() != config.layers()) {
            throw new IllegalArgumentException(layers.size() + " layers for a config of " + config.layers());
        }
        return new QwenWeights(config, manager, dtype, embed, layers, finalNorm, lmHead, parameters,
                parameters * dtype.getNumOfBytes(), Optional.empty());
    }

    private void doubleNorm(NDArray g) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray both = NDArrays.concat(new NDList(g, g), 0);
            NDScope.unregister(both);
            doubledNorms.put(g, both);
        }
    }

    private void layerNormConstants(long n) {
        NDArray ones = manager.ones(new Shape(n), dtype);
        NDArray zeros = manager.zeros(new Shape(n), dtype);
        NDScope.unregister(ones, zeros);
        layerNormConstants.put(n, new NDArray[] {ones, zeros});
    }

    /** [g, g] for a per-feature norm weight g of this model; null for another array (Qwen3's per-head weights). */
    NDArray doubledNorm(NDArray g) {
        return doubledNorms.get(g);
    }

    /** A layer norm's unit scale and zero shift of length {@code n} (twice the hidden or the head size). */
    NDArray[] layerNormIdentity(long n) {
        return layerNormConstants.get(n);
    }

    private static NDArray scalar(NDManager manager, float value) {
        NDArray a = manager.create(value);
        NDScope.unregister(a);
        return a;
    }

    private static NDArray keepRandom(NDArray f32, DataType dtype) {
        NDArray out = dtype == DataType.FLOAT32 ? f32 : f32.toType(dtype, false);
        if (out != f32) {
            f32.close();
        }
        NDScope.unregister(out);
        return out;
    }

    /**
     * Bytes of weights one decode step reads: every layer matrix and the output head (the embedding lookup reads one
     * row). With tied embeddings the head is the embedding matrix.
     */
    public long bytesReadPerToken() {
        long n = lmHead.size() + finalNorm.size();
        for (Layer l : layers) {
            n += l.inputNorm().size() + l.qkv().size() + l.o().size() + l.postNorm().size() + l.gateUp().size()
                    + l.down().size() + (l.qkvBias() == null ? 0 : l.qkvBias().size());
        }
        return n * dtype.getNumOfBytes();
    }

    public QwenConfig config() {
        return config;
    }

    public Device device() {
        return manager.getDevice();
    }

    public DataType dtype() {
        return dtype;
    }

    /** Parameters read from the checkpoint (a tied embedding counts once). */
    public long parameterCount() {
        return parameters;
    }

    /** Bytes the weights take on the device in the compute type. */
    public long weightBytes() {
        return bytes;
    }

    /** The adapter merged into these weights, by folder name. */
    public Optional<String> adapterName() {
        return adapterName;
    }

    /** Native arrays the weights hold: constant after load (a growing count would be a leak). */
    public int nativeArrays() {
        return manager.getManagedArrays().size();
    }

    /** Frees the weights; on a GPU also hands libtorch's cached free blocks back to the driver. */
    @Override
    public void close() {
        boolean gpu = manager.getDevice().isGpu();
        manager.close();
        if (gpu) {
            JniUtils.emptyCudaCache();
        }
    }
}
