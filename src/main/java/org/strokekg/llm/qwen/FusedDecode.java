package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.util.List;

/**
 * A decode step of a fixed set of rows as the graph library's own fused CUDA kernels ({@code
 * models/gpu/native/strokekg_kernels.cu}), which {@link DecodeGraph} captures and replays instead of the step written
 * on DJL: per layer RMSNorm + q|k|v, attention of the one query over the cache (RoPE and the cache write inside, no
 * mask), o + residual, RMSNorm + gate|up + SiLU·up, down + residual; then the final norm, the head and the greedy pick
 * on the device. About 5 kernels a layer instead of ~19, each projection streaming its weights once for all rows.
 * Rows may carry different unmerged adapters: a row's adapter table (see {@link LoraWeights#deviceTable}) goes into
 * the step's inputs, and each projection adds that row's low-rank update. The plan holds the step's intermediates;
 * its outputs are each row's pick and float32 logits (for a sampling row's picker), as the DJL step's.
 */
final class FusedDecode implements AutoCloseable {

    private final long plan;
    final NDArray picked;   // (R) int64
    final NDArray logits;   // (R, V) float32

    private FusedDecode(long plan, NDArray picked, NDArray logits) {
        this.plan = plan;
        this.picked = picked;
        this.logits = logits;
    }

    /**
     * Whether this model's shapes suit the fused kernels (the library checks the tensors again): half, bfloat16 or
     * float32 weights, at most 32 rows and 16 query heads per KV head, projection inputs a multiple of 16 elements.
     */
    static boolean suits(QwenWeights w, int rows) {
        QwenConfig c = w.config;
        DataType t = w.dtype;
        boolean type = t == DataType.FLOAT16 || t == DataType.BFLOAT16 || t == DataType.FLOAT32;
        boolean sixteen = t == DataType.FLOAT32 || (c.hiddenSize() % 16 == 0 && c.intermediateSize() % 16 == 0
                && (c.heads() * c.headDim()) % 16 == 0);
        return type && sixteen && rows >= 1 && rows <= 32 && c.groups() <= 16 && c.headDim() % 2 == 0;
    }

    /**
     * A plan over {@code keys} and {@code values} (per layer, (Hkv, columns, D), views allowed) with each row's first
     * column at {@code columns}; {@code inputs} (3R int64: ids, positions, adapter tables) is written before each
     * step. {@code maxRank}: the largest rank of the rows' adapters (0: none). Throws where the library refuses.
     */
    static FusedDecode plan(QwenWeights w, List<KvCache> caches, NDArray[] keys, NDArray[] values, long[] columns,
            NDArray inputs, int maxRank, NDManager manager) {
        QwenConfig c = w.config;
        int layers = c.layers();
        long[] weights = new long[5 + 8 * layers];
        weights[0] = CudaNative.handle(w.embed);
        weights[1] = CudaNative.handle(w.finalNorm);
        weights[2] = CudaNative.handle(w.lmHead);
        weights[3] = CudaNative.handle(w.ropeCos);
        weights[4] = CudaNative.handle(w.ropeSin);
        for (int l = 0; l < layers; l++) {
            QwenWeights.Layer layer = w.layers.get(l);
            NDArray[] parts = {layer.inputNorm(), layer.qkv(), layer.qkvBias(), layer.qkNorm(), layer.o(),
                layer.postNorm(), layer.gateUp(), layer.down()};
            for (int i = 0; i < parts.length; i++) {
                weights[5 + 8 * l + i] = parts[i] == null ? 0 : CudaNative.handle(parts[i]);
            }
        }
        long[] kv = new long[2 * layers];
        for (int l = 0; l < layers; l++) {
            kv[2 * l] = CudaNative.handle(keys[l]);
            kv[2 * l + 1] = CudaNative.handle(values[l]);
        }
        int maxCols = 0;
        for (KvCache cache : caches) {
            maxCols = Math.max(maxCols, cache.capacity());
        }
        int[] dims = {caches.size(), c.hiddenSize(), c.heads(), c.kvHeads(), c.headDim(), c.intermediateSize(),
            c.vocabSize(), layers, maxCols, maxRank};
        long plan = CudaNative.fusedPlan(weights, kv, columns, dims, (float) c.rmsNormEps(),
                (float) (1.0 / Math.sqrt(c.headDim())), CudaNative.handle(inputs));
        long[] out = CudaNative.fusedOutputs(plan);
        NDArray picked = new PtNDArray((PtNDManager) manager, out[0]);
        NDArray logits = new PtNDArray((PtNDManager) manager, out[1]);
        NDScope.unregister(picked, logits); // the graph's, not the caller's scope
        return new FusedDecode(plan, picked, logits);
    }

    /** Launches the step on this thread's current stream. */
    void step() {
        CudaNative.fusedStep(plan);
    }

    /** Frees the plan's workspace; its two outputs go with the graph's manager. */
    @Override
    public void close() {
        CudaNative.fusedFree(plan);
    }
}
