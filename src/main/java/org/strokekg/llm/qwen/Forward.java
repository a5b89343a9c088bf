package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import org.strokekg.error.InvalidInputException;

/**
 * The Qwen forward pass, a plain function of the shared weights and one request's cache. Every intermediate array
 * lives in an {@link NDScope} that closes when the step returns, so a long generation holds only its cache. T new
 * tokens, S = positions after the step, G = query heads per KV head.
 */
public final class Forward {

    private static final long[] ONES = {1, 1, 1};

    private Forward() {
    }

    /** Runs {@code tokens} at the cache's next positions and returns the logits of the last one (V). */
    public static float[] next(QwenWeights w, KvCache cache, int[] tokens) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return lastLogits(w, cache, tokens).toFloatArray();
        }
    }

    /**
     * Runs {@code tokens} and returns the last position's logits (V) in float32 on the weights' device, without
     * copying them to the host: a GPU caller picks the next token there. The array belongs to the caller's NDScope.
     */
    public static NDArray lastLogits(QwenWeights w, KvCache cache, int[] tokens) {
        return run(w, cache, tokens, false).reshape(w.config.vocabSize());
    }

    /** Runs {@code tokens} and returns the logits of every position (T, V): for parity tests and scoring. */
    public static float[][] all(QwenWeights w, KvCache cache, int[] tokens) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] flat = run(w, cache, tokens, true).toFloatArray();
            int v = w.config.vocabSize();
            float[][] rows = new float[tokens.length][v];
            for (int t = 0; t < tokens.length; t++) {
                System.arraycopy(flat, t * v, rows[t], 0, v);
            }
            return rows;
        }
    }

    private static NDArray run(QwenWeights w, KvCache cache, int[] tokens, boolean allPositions) {
        QwenConfig c = w.config;
        int t = tokens.length;
        int p = cache.length();
        if (t == 0) {
            throw new IllegalArgumentException("no tokens to run");
        }
        if (p + t > cache.capacity()) {
            throw new InvalidInputException("tokens", "position " + (p + t) + " is past the cache's "
                    + cache.capacity());
        }
        NDManager m = cache.manager;
        long[] ids = new long[t];
        for (int i = 0; i < t; i++) {
            if (tokens[i] < 0 || tokens[i] >= c.vocabSize()) {
                throw new InvalidInputException("tokens", "id " + tokens[i] + " is outside the vocabulary");
            }
            ids[i] = tokens[i];
        }
        NDArray idArray = m.create(ids);
        NDArray x = idArray.getNDArrayInternal().embedding(idArray, w.embed, SparseFormat.DENSE).singletonOrThrow();
        NDArray cos = rows(w.ropeCos, p, p + t, m).reshape(t, 1, c.headDim()); // views of the model's tables
        NDArray sin = rows(w.ropeSin, p, p + t, m).reshape(t, 1, c.headDim());
        NDArray rope = cos.mul(w.ropeEye).add(sin.mul(w.ropeRot)); // (T, D, D): x · rope = x·cos + rotate_half(x)·sin
        NDArray mask = t > 1 ? cast(causalMask(m, p, t), w.dtype) : null;
        for (int l = 0; l < c.layers(); l++) {
            // a layer's intermediates are freed when it ends, so a long prompt's peak is one layer's, not all of them
            try (NDScope layerScope = new NDScope()) {
                layerScope.suppressNotUsedWarning();
                x = layer(w, w.layers.get(l), cache, l, x, rope, mask);
                NDScope.unregister(x);
            }
            NDScope.register(x);
        }
        cache.advance(t);
        if (!allPositions && t > 1) {
            x = x.get(new NDIndex().addSliceDim(t - 1, t)); // only the last position feeds the head
        }
        x = rmsNorm(x, w.finalNorm, w);
        return cast(linear(x, w.lmHead, null), DataType.FLOAT32);
    }

    /** x (T, H) → (T, H): attention then MLP, each with a pre-norm and a residual. */
    private static NDArray layer(QwenWeights w, QwenWeights.Layer l, KvCache cache, int index, NDArray x, NDArray rope,
            NDArray mask) {
        QwenConfig c = w.config;
        int t = (int) x.getShape().get(0);
        int p = cache.length();
        int s = p + t;
        int d = c.headDim();
        int hq = c.heads();
        int hkv = c.kvHeads();
        int g = c.groups();

        NDArray h = rmsNorm(x, l.inputNorm(), w);
        NDList qkvHeads = linear(h, l.qkv(), l.qkvBias()).reshape(t, hq + 2L * hkv, d).split(new long[] {hq + hkv}, 1);
        NDArray qk = qkvHeads.get(0);                          // (T, Hq + Hkv, D): q and k heads side by side
        if (l.qkNorm() != null) {
            qk = rmsNorm(qk, l.qkNorm(), w);                    // Qwen3: q_norm on q heads, k_norm on k heads
        }
        NDList rotated = qk.matMul(rope).split(new long[] {hq}, 1); // RoPE: one batched matmul over the positions
        NDArray q = rotated.get(0);                            // (T, Hq, D)
        NDArray k = rotated.get(1);                            // (T, Hkv, D)
        NDArray v = qkvHeads.get(1);                           // (T, Hkv, D)

        write(cache.keys[index], k.transpose(1, 0, 2), p, s);  // (Hkv, T, D) into positions p..s-1
        write(cache.values[index], v.transpose(1, 0, 2), p, s);
        NDArray keys = read(cache.keys[index], s);             // (Hkv, S, D), a view
        NDArray values = read(cache.values[index], s);

        // query heads h = kv * G + j share KV head kv: group them so one batched matmul per KV head serves all G
        NDArray qh = t == 1 ? q.reshape(hkv, g, d) : q.transpose(1, 0, 2).reshape(hkv, (long) g * t, d);
        NDArray scores = qh.matMul(keys.transpose(0, 2, 1)).mul(w.attentionScale);      // (Hkv, G T, S)
        if (mask != null) {
            scores = scores.reshape(hkv, g, t, s).add(mask).reshape(hkv, (long) g * t, s);
        }
        // libtorch's softmax of FP16 computes in float32 and rounds once: transformers' float32 softmax cast back
        NDArray probs = JniUtils.softmax((PtNDArray) scores, -1, w.dtype);
        NDArray ctx = probs.matMul(values);                                              // (Hkv, G T, D)
        ctx = t == 1 ? ctx.reshape(1, (long) hq * d)
                : ctx.reshape(hq, t, d).transpose(1, 0, 2).reshape(t, (long) hq * d);   // (T, Hq D)
        x = linear(ctx, l.o(), x);                      // the residual added by the matmul (addmm), rounded once

        h = rmsNorm(x, l.postNorm(), w);
        NDList gateUp = linear(h, l.gateUp(), null).split(2, 1);
        NDArray gate = gateUp.get(0);
        NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(gateUp.get(1));   // SiLU(gate) · up
        return linear(act, l.down(), x);
    }

    /** cache[:, from:to, :] = value, in place: one native call (DJL's NDIndex path takes three). */
    private static void write(NDArray cache, NDArray value, int from, int to) {
        Shape shape = cache.getShape();
        JniUtils.indexSet((PtNDArray) cache, (PtNDArray) value, new long[] {0, from, 0},
                new long[] {shape.get(0), to, shape.get(2)}, ONES);
    }

    /** table[from:to] as a view attached to {@code m} (the weights' manager takes no new arrays). */
    private static NDArray rows(NDArray table, int from, int to, NDManager m) {
        return JniUtils.index((PtNDArray) table, new long[] {from, 0}, new long[] {to, table.getShape().get(1)},
                new long[] {1, 1}, (PtNDManager) m);
    }

    /** cache[:, :to, :] as a view: one slice (DJL's index path slices every axis). */
    private static NDArray read(NDArray cache, int to) {
        return JniUtils.slice((PtNDArray) cache, 1, 0, to, 1);
    }

    /**
     * RMSNorm over the last axis, then scaled by the weight: as a layer norm over [x, -x], whose mean is 0 and whose
     * variance is mean(x²), so libtorch's fused kernel (float32 inside for FP16 input, as transformers upcasts) does in
     * two launches what the plain formula does in eight. Per-head weights (Qwen3's q/k norms) multiply afterwards.
     */
    static NDArray rmsNorm(NDArray x, NDArray weight, QwenWeights w) {
        Shape shape = x.getShape();
        int axis = shape.dimension() - 1;
        long n = shape.get(axis);
        long[] split = new long[shape.dimension() + 1];
        System.arraycopy(shape.getShape(), 0, split, 0, axis);
        split[axis] = 1;
        split[axis + 1] = n;
        long[] joined = shape.getShape().clone();
        joined[axis] = 2 * n;
        // (…, 1, n) · (2, 1) broadcasts to (…, 2, n): x and -x in one kernel, read back as (…, 2n)
        NDArray both = x.reshape(split).mul(w.signs).reshape(joined);
        NDArray doubled = w.doubledNorm(weight);
        NDArray[] identity = w.layerNormIdentity(2 * n);
        NDArray normed = JniUtils.layerNorm((PtNDArray) both, new Shape(2 * n),
                (PtNDArray) (doubled != null ? doubled : identity[0]), (PtNDArray) identity[1], w.config.rmsNormEps());
        NDArray first = JniUtils.slice((PtNDArray) normed, axis, 0, n, 1);                     // x's half, a view
        return doubled != null ? first : first.mul(weight);
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();
    }

    /** (T, S): 0 where row t (position p + t) may look, -inf after it. */
    private static NDArray causalMask(NDManager m, int p, int t) {
        int s = p + t;
        float[] mask = new float[t * s];
        for (int i = 0; i < t; i++) {
            for (int j = p + i + 1; j < s; j++) {
                mask[i * s + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return m.create(mask, new Shape(t, s));
    }

    private static NDArray cast(NDArray x, DataType type) {
        return x.getDataType() == type ? x : x.toType(type, false);
    }
}
