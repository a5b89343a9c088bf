package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * {@link Forward}'s attention against the KV caches: a row's keys and values written in place at its next positions,
 * its queries against the cache read back as a view (grouped-query heads: the G query heads of a KV head in one
 * batched matmul), decode rows of a batch side by side under a segment mask, and the causal mask of a prompt chunk.
 * Shapes as in {@link Forward}.
 */
final class CacheAttention {

    private static final long[] ONES = {1, 1, 1};

    private CacheAttention() {
    }

    /** One row's attention: q (T, Hq, D), k and v (T, Hkv, D) written into its cache; returns (T, Hq D). */
    static NDArray attend(QwenWeights w, KvCache cache, int index, NDArray q, NDArray k, NDArray v,
            NDArray mask) {
        QwenConfig c = w.config;
        int t = (int) q.getShape().get(0);
        int p = cache.length();
        int s = p + t;
        int d = c.headDim();
        int hq = c.heads();
        int hkv = c.kvHeads();
        int g = c.groups();

        write(cache.keys[index], k.transpose(1, 0, 2), p, s);  // (Hkv, T, D) into positions p..s-1
        write(cache.values[index], v.transpose(1, 0, 2), p, s);
        Forward.mark(StepProfile.Op.CACHE_WRITE);
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
        return t == 1 ? ctx.reshape(1, (long) hq * d)
                : ctx.reshape(hq, t, d).transpose(1, 0, 2).reshape(t, (long) hq * d);   // (T, Hq D)
    }

    /**
     * Attention for a step of decode rows (one new token each): each row's key and value go into its own cache, then
     * the rows' caches are read side by side as one sequence (Hkv, ΣS, D) and a mask keeps each row's queries on its
     * own segment, so the whole batch takes two matmuls and one softmax instead of that per row (what a GPU step costs
     * is mostly the number of launches). Masked scores weigh exactly 0: each row gets its own attention.
     */
    static NDArray attendDecodeRows(QwenWeights w, Batch b, int index, NDArray q, NDArray k, NDArray v,
            NDArray segments) {
        int r = b.rows.length;
        NDList keys = new NDList(r);
        NDList values = new NDList(r);
        for (int i = 0; i < r; i++) {
            KvCache cache = b.rows[i].cache();
            int p = cache.length();
            write(cache.keys[index], Forward.rows(k, i, i + 1).transpose(1, 0, 2), p, p + 1);
            write(cache.values[index], Forward.rows(v, i, i + 1).transpose(1, 0, 2), p, p + 1);
            keys.add(read(cache.keys[index], p + 1));
            values.add(read(cache.values[index], p + 1));
        }
        Forward.mark(StepProfile.Op.CACHE_WRITE);
        return attendSideBySide(w, r, q, NDArrays.concat(keys, 1), NDArrays.concat(values, 1), segments);
    }

    /**
     * Attention for prompts prefilled together: every row's cache empty before the step and every row T new tokens
     * (R rows). Each row's keys and values go into its cache; the attention itself needs no cache read (a row sees
     * only its own new positions), so all rows run as one batch of R·Hkv heads: two batched matmuls, one mask add and
     * one softmax for the step instead of that per row — the same products, masks and softmax as {@link #attend} per
     * row. q (R T, Hq, D), k and v (R T, Hkv, D); mask (T, T); returns (R T, Hq D).
     */
    static NDArray attendFreshPrompts(QwenWeights w, Batch b, int index, NDArray q, NDArray k, NDArray v,
            NDArray mask) {
        QwenConfig c = w.config;
        int r = b.rows.length;
        int t = b.rows[0].tokens().length;
        int d = c.headDim();
        int hq = c.heads();
        int hkv = c.kvHeads();
        int g = c.groups();
        for (int i = 0; i < r; i++) {
            KvCache cache = b.rows[i].cache();
            long from = b.offsets[i];
            write(cache.keys[index], Forward.rows(k, from, from + t).transpose(1, 0, 2), 0, t);
            write(cache.values[index], Forward.rows(v, from, from + t).transpose(1, 0, 2), 0, t);
        }
        Forward.mark(StepProfile.Op.CACHE_WRITE);
        // (R T, H, D) -> (R, H, T, D) -> (R Hkv, [G] T, D): query head h = kv * G + j with KV head kv, as in attend
        NDArray qh = q.reshape(r, t, hq, d).transpose(0, 2, 1, 3).reshape((long) r * hkv, (long) g * t, d);
        NDArray kh = k.reshape(r, t, hkv, d).transpose(0, 2, 3, 1).reshape((long) r * hkv, d, t);   // keys, transposed
        NDArray vh = v.reshape(r, t, hkv, d).transpose(0, 2, 1, 3).reshape((long) r * hkv, t, d);
        NDArray scores = qh.matMul(kh).mul(w.attentionScale)                                  // (R Hkv, G T, T)
                .reshape((long) r * hkv, g, t, t).add(mask).reshape((long) r * hkv, (long) g * t, t);
        NDArray probs = JniUtils.softmax((PtNDArray) scores, -1, w.dtype);
        NDArray ctx = probs.matMul(vh);                                                       // (R Hkv, G T, D)
        return ctx.reshape(r, hq, t, d).transpose(0, 2, 1, 3).reshape((long) r * t, (long) hq * d);
    }

    /**
     * The attention of R decode rows over caches read side by side: q (R, Hq, D) against keys and values (Hkv, ΣS, D),
     * with a mask (1, R, 1, ΣS) of 0 on each row's own positions and -inf elsewhere; returns (R, Hq D). Shared with
     * {@link DecodeGraph}, whose caches already sit side by side.
     */
    static NDArray attendSideBySide(QwenWeights w, int r, NDArray q, NDArray keys, NDArray values, NDArray mask) {
        QwenConfig c = w.config;
        int d = c.headDim();
        int hkv = c.kvHeads();
        int g = c.groups();
        long total = keys.getShape().get(1);
        NDArray qh = q.reshape(r, hkv, g, d).transpose(1, 0, 2, 3).reshape(hkv, (long) r * g, d); // (Hkv, R G, D)
        NDArray scores = qh.matMul(keys.transpose(0, 2, 1)).mul(w.attentionScale)
                .reshape(hkv, r, g, total).add(mask).reshape(hkv, (long) r * g, total);
        NDArray probs = JniUtils.softmax((PtNDArray) scores, -1, w.dtype);
        NDArray ctx = probs.matMul(values);                                               // (Hkv, R G, D)
        return ctx.reshape(hkv, r, g, d).transpose(1, 0, 2, 3).reshape(r, (long) c.heads() * d);
    }

    /** (1, R, 1, ΣS): 0 on each decode row's own segment of the side-by-side caches (its positions after the step). */
    static NDArray segmentMask(NDManager m, Batch b, DataType dtype) {
        int r = b.rows.length;
        int total = 0;
        for (Forward.Row row : b.rows) {
            total += row.cache().length() + 1;
        }
        float[] mask = new float[r * total];
        java.util.Arrays.fill(mask, Float.NEGATIVE_INFINITY);
        for (int i = 0, from = 0; i < r; i++) {
            int s = b.rows[i].cache().length() + 1;
            java.util.Arrays.fill(mask, i * total + from, i * total + from + s, 0f);
            from += s;
        }
        return Forward.cast(m.create(mask, new Shape(1, r, 1, total)), dtype);
    }

    /** cache[:, from:to, :] = value, in place: one native call (DJL's NDIndex path takes three). */
    private static void write(NDArray cache, NDArray value, int from, int to) {
        Shape shape = cache.getShape();
        JniUtils.indexSet((PtNDArray) cache, (PtNDArray) value, new long[] {0, from, 0},
                new long[] {shape.get(0), to, shape.get(2)}, ONES);
    }

    /** cache[:, :to, :] as a view: one slice (DJL's index path slices every axis). */
    private static NDArray read(NDArray cache, int to) {
        return JniUtils.slice((PtNDArray) cache, 1, 0, to, 1);
    }

    /** (T, S): 0 where row t (position p + t) may look, -inf after it. */
    static NDArray causalMask(NDManager m, int p, int t) {
        int s = p + t;
        float[] mask = new float[t * s];
        for (int i = 0; i < t; i++) {
            for (int j = p + i + 1; j < s; j++) {
                mask[i * s + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return m.create(mask, new Shape(t, s));
    }
}
