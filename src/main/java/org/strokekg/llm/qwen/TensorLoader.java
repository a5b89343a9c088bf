package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.lora.LoraAdapter;
import org.strokekg.llm.safetensors.TensorInfo;
import org.strokekg.llm.safetensors.WeightSource;

/**
 * Reads checkpoint tensors into native memory the weights' manager owns, one tensor at a time through a reused direct
 * buffer of at most {@link #CHUNK_BYTES} (so a 3B model never passes through the heap), merges the adapter's LoRA
 * deltas into the freshly read copy, and casts to the compute type. Nothing it returns shares memory with the file or
 * with another model.
 */
final class TensorLoader {

    static final int CHUNK_BYTES = 64 << 20;

    private final NDManager manager;
    private final DataType dtype;
    private final WeightSource base;
    private final Optional<LoraAdapter> adapter;
    private final Set<String> usedPairs = new HashSet<>();
    private final Set<String> usedReplacements = new HashSet<>();
    private final Set<String> counted = new HashSet<>();
    private ByteBuffer scratch;
    private long parameters;
    private long bytes;

    TensorLoader(NDManager manager, DataType dtype, WeightSource base, Optional<LoraAdapter> adapter) {
        this.manager = manager;
        this.dtype = dtype;
        this.base = base;
        this.adapter = adapter;
    }

    /** Parameters read from the base checkpoint (a tied matrix counts once). */
    long parameters() {
        return parameters;
    }

    /** Bytes of the weights as kept on the device, in the compute type. */
    long bytes() {
        return bytes;
    }

    boolean has(String name) {
        return base.contains(name) || adapter.flatMap(a -> a.replacement(name)).isPresent();
    }

    /** A norm weight, bias or embedding in the compute type, checked against {@code shape}. */
    NDArray plain(String name, long... shape) {
        return keep(read(name, shape));
    }

    /**
     * Qwen3's q_norm and k_norm as one (heads + kvHeads, D) weight, row per head, so one RMSNorm covers the q and k
     * heads that the fused projection yields side by side.
     */
    NDArray perHead(String qNorm, int heads, String kNorm, int kvHeads, long d) {
        try (NDArray q = read(qNorm, d); NDArray k = read(kNorm, d);
                NDArray qs = q.reshape(1, d).repeat(0, heads); NDArray ks = k.reshape(1, d).repeat(0, kvHeads)) {
            return keep(NDArrays.concat(new NDList(qs, ks), 0));
        }
    }

    /** A projection's weight (out, in) with the adapter's delta merged in, in the compute type. */
    NDArray linear(String module, long out, long in) {
        return keep(linearF32(module, module + ".weight", out, in));
    }

    /** Several projections fused along the output axis (q|k|v, gate|up), each merged with its own delta first. */
    NDArray fused(List<String> modules, long[] outs, long in) {
        NDList parts = new NDList();
        for (int i = 0; i < modules.size(); i++) {
            parts.add(linearF32(modules.get(i), modules.get(i) + ".weight", outs[i], in));
        }
        return keep(concat(parts));
    }

    /** The biases of fused projections, when the checkpoint has them (Qwen2's q/k/v, v1's c_attn). */
    Optional<NDArray> fusedBias(List<String> modules, long[] outs) {
        if (modules.stream().noneMatch(m -> has(m + ".bias"))) {
            return Optional.empty();
        }
        NDList parts = new NDList();
        for (int i = 0; i < modules.size(); i++) {
            parts.add(read(modules.get(i) + ".bias", outs[i]));
        }
        return Optional.of(keep(concat(parts)));
    }

    /**
     * The output head. Tied to the embedding unless the adapter changes {@code lm_head} (a LoRA pair or a saved copy),
     * in which case the model gets its own head so the shared embedding stays untouched.
     */
    NDArray head(String lmHead, String embed, boolean tied, NDArray embedding, long vocab, long hidden) {
        boolean adapted = adapter.map(a -> a.pair(lmHead).isPresent() || a.replacement(lmHead + ".weight").isPresent())
                .orElse(false);
        if (tied && !adapted) {
            return embedding;
        }
        String source = tied && adapter.flatMap(a -> a.replacement(lmHead + ".weight")).isEmpty()
                ? embed + ".weight" : lmHead + ".weight";
        return keep(linearF32(lmHead, source, vocab, hidden));
    }

    /** A tensor as F32, checked against {@code shape}, not yet kept: for arrays built from several tensors. */
    NDArray f32(String name, long... shape) {
        return read(name, shape);
    }

    /** Fails when the adapter holds weights for modules this model does not have: they would silently do nothing. */
    void checkAdapterUsed() {
        adapter.ifPresent(a -> {
            Set<String> unused = new HashSet<>(a.pairs().keySet());
            unused.removeAll(usedPairs);
            Set<String> unusedSaved = new HashSet<>(a.replacedWeights());
            unusedSaved.removeAll(usedReplacements);
            unused.addAll(unusedSaved);
            if (!unused.isEmpty()) {
                throw new InvalidInputException("adapter_model.safetensors", "targets modules this model does not "
                        + "have: " + unused.stream().sorted().limit(5).toList());
            }
        });
    }

    private NDArray linearF32(String module, String weightName, long out, long in) {
        NDArray w = read(weightName, out, in);
        Optional<LoraAdapter.LoraPair> pair = adapter.flatMap(a -> a.pair(module));
        if (pair.isPresent()) {
            LoraAdapter.LoraPair p = pair.get();
            if (p.inFeatures() != in || p.outFeatures() != out) {
                throw new InvalidInputException("adapter_model.safetensors: " + module, "LoRA shape (" + p.outFeatures()
                        + ", " + p.inFeatures() + ") does not fit the base weight (" + out + ", " + in + ")");
            }
            WeightSource aw = adapter.get().weights();
            try (NDArray a = read(aw, p.a()); NDArray b = read(aw, p.b()); NDArray delta = b.matMul(a)) {
                w.addi(delta.muli(p.scale()));
            }
            usedPairs.add(module);
        }
        return w;
    }

    /** A tensor from the adapter's modules_to_save when it replaces this one, else from the base checkpoint. */
    private NDArray read(String name, long... shape) {
        Optional<String> replaced = adapter.flatMap(a -> a.replacement(name));
        WeightSource source = replaced.isPresent() ? adapter.get().weights() : base;
        String key = replaced.orElse(name);
        TensorInfo info = source.info(key);
        if (!Arrays.equals(info.shape(), shape)) {
            throw new InvalidInputException(key, "shape " + Arrays.toString(info.shape()) + " does not match the config's "
                    + Arrays.toString(shape));
        }
        replaced.ifPresent(r -> usedReplacements.add(name));
        if (counted.add(name)) {
            parameters += info.elementCount();
        }
        return read(source, key);
    }

    /** Reads a tensor as F32 into memory the manager owns, row block by row block. */
    private NDArray read(WeightSource source, String name) {
        TensorInfo info = source.info(name);
        long[] shape = info.shape();
        long rows = shape.length == 0 ? 1 : shape[0];
        long rowElems = rows == 0 ? 0 : info.elementCount() / rows;
        long perChunk = Math.max(1, CHUNK_BYTES / Math.max(1, rowElems * 4));
        if (rowElems * 4 > CHUNK_BYTES) {
            throw new InvalidInputException(name, "a row of " + rowElems + " elements exceeds the loader's chunk");
        }
        ByteBuffer buf = scratch();
        NDArray target = null;
        for (long r0 = 0; r0 < rows; r0 += perChunk) {
            long n = Math.min(perChunk, rows - r0);
            buf.clear();
            source.readAsF32(name, r0 * rowElems, Math.toIntExact(n * rowElems), buf);
            buf.flip();
            long[] chunkShape = shape.clone();
            if (chunkShape.length > 0) {
                chunkShape[0] = n;
            }
            try (NDArray chunk = manager.create(buf, new Shape(chunkShape), DataType.FLOAT32)) {
                if (n == rows) {
                    target = chunk.duplicate();
                } else {
                    if (target == null) {
                        target = manager.create(new Shape(shape), DataType.FLOAT32);
                    }
                    target.set(new NDIndex().addSliceDim(r0, r0 + n), chunk);
                }
            }
        }
        return target;
    }

    private NDArray concat(NDList parts) {
        NDArray all = parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
        parts.close();
        return all;
    }

    /** Casts to the compute type and takes the array out of any NDScope of the caller: weights live until close. */
    NDArray keep(NDArray f32) {
        NDArray out = f32;
        if (dtype != DataType.FLOAT32) {
            out = f32.toType(dtype, false);
            f32.close();
        }
        NDScope.unregister(out);
        bytes += out.size() * dtype.getNumOfBytes();
        return out;
    }

    /** One direct buffer for the whole load, as large as the largest tensor up to {@link #CHUNK_BYTES}. */
    private ByteBuffer scratch() {
        if (scratch == null) {
            long largest = 4;
            for (WeightSource ws : adapter.map(a -> List.of(base, a.weights())).orElse(List.of(base))) {
                for (String n : ws.names()) {
                    largest = Math.max(largest, ws.info(n).elementCount() * 4);
                }
            }
            scratch = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, largest)).order(ByteOrder.nativeOrder());
        }
        return scratch;
    }
}
