package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.strokekg.error.InvalidInputException;

/**
 * The Qwen forward pass over a batch of requests, a plain function of the shared weights and each request's cache.
 * A step packs every row's new tokens into one (N, H) activation, so each weight matrix is read once for all rows
 * (decode steps of many requests, and prompt chunks, together); attention runs per row against that row's own cache.
 * Rows using a LoRA adapter get its delta beside the base matmuls ({@link LoraWeights}); rows are grouped by adapter
 * so a group is a contiguous slice. Every intermediate array lives in an {@link NDScope} that closes when the step
 * returns; only the chosen logits come back to the host. N = new tokens of all rows, T = one row's new tokens, S = its
 * positions after the step, G = query heads per KV head.
 */
public final class Forward {

    /** Scores of a batched prompt attention at most (elements): 512 MiB in FP16, 8 prompts of 1,400 tokens at 16 heads. */
    private static final long FRESH_SCORES = 1L << 28;

    /** The profile of the steps this thread runs under {@link #profiled}; unset otherwise (the ordinary case). */
    private static final ThreadLocal<StepProfile> PROFILE = new ThreadLocal<>();

    private Forward() {
    }

    /**
     * One request's part of a step.
     *
     * @param adapter    the unmerged adapter its tokens run through; empty for the base (or merged) model
     * @param fullLogits return the whole logit row of its last position (for sampling), not only its argmax
     * @param picker     picks the row's token from its logits on the device instead (a GPU's sampling): the pick
     *                   takes the argmax's place in the output and no logits are copied
     */
    public record Row(KvCache cache, int[] tokens, Optional<LoraWeights> adapter, boolean fullLogits,
            Optional<TokenPicker> picker) {
        public Row {
            tokens = tokens.clone();
            if (tokens.length == 0) {
                throw new IllegalArgumentException("no tokens to run");
            }
        }

        public Row(KvCache cache, int[] tokens, Optional<LoraWeights> adapter, boolean fullLogits) {
            this(cache, tokens, adapter, fullLogits, Optional.empty());
        }
    }

    /**
     * A step's result per row, in the order of the rows given.
     *
     * @param argmax the most likely next token of each row (the first on a tie, as transformers' greedy search)
     * @param logits each row's logits (V) where {@link Row#fullLogits()} asked for them, else null
     */
    public record Output(int[] argmax, float[][] logits) {
    }

    /** Runs {@code tokens} at the cache's next positions and returns the logits of the last one (V). */
    public static float[] next(QwenWeights w, KvCache cache, int[] tokens) {
        return step(w, List.of(new Row(cache, tokens, Optional.empty(), true))).logits()[0];
    }

    /**
     * Runs {@code tokens} and returns the last position's logits (V) in float32 on the weights' device, without
     * copying them to the host: a GPU caller picks the next token there. The array belongs to the caller's NDScope.
     */
    public static NDArray lastLogits(QwenWeights w, KvCache cache, int[] tokens) {
        Batch batch = Batch.of(w, List.of(new Row(cache, tokens, Optional.empty(), false)), false);
        return run(w, batch).reshape(w.config.vocabSize());
    }

    /** Runs {@code tokens} and returns the logits of every position (T, V): for parity tests and scoring. */
    public static float[][] all(QwenWeights w, KvCache cache, int[] tokens) {
        return all(w, cache, tokens, Optional.empty());
    }

    /** {@link #all(QwenWeights, KvCache, int[])} through an unmerged adapter. */
    public static float[][] all(QwenWeights w, KvCache cache, int[] tokens, Optional<LoraWeights> adapter) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Batch batch = Batch.of(w, List.of(new Row(cache, tokens, adapter, true)), true);
            float[] flat = run(w, batch).toFloatArray();
            int v = w.config.vocabSize();
            float[][] rows = new float[tokens.length][v];
            for (int t = 0; t < tokens.length; t++) {
                System.arraycopy(flat, t * v, rows[t], 0, v);
            }
            return rows;
        }
    }

    /**
     * Runs one step for all {@code rows} (each cache at most once) and returns, per row, the argmax of its last
     * position and, where asked, its logits. The caches advance only when the whole step succeeds.
     */
    public static Output step(QwenWeights w, List<Row> rows) {
        Batch batch = Batch.of(w, rows, false);
        // decode rows on a GPU: the step replayed as one CUDA graph of the caches' runtime
        int[] replayed = batch.rows[0].cache().runtime().graphs.step(batch);
        if (replayed != null) {
            int[] argmax = new int[rows.size()];
            for (int i = 0; i < argmax.length; i++) {
                argmax[batch.order[i]] = replayed[i];
            }
            return new Output(argmax, new float[rows.size()][]);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray logits = run(w, batch);                                 // (R, V) in batch order
            long[] best = logits.argMax(1).toLongArray();
            int r = rows.size();
            int[] argmax = new int[r];
            float[][] full = new float[r][];
            for (int i = 0; i < r; i++) {
                int row = batch.order[i];
                argmax[row] = Math.toIntExact(best[i]);
                Optional<TokenPicker> picker = rows.get(row).picker();
                if (picker.isPresent()) {
                    argmax[row] = picker.get().pick(logits.get(i));
                } else if (rows.get(row).fullLogits()) {
                    full[row] = logits.get(i).toFloatArray();
                }
            }
            return new Output(argmax, full);
        }
    }

    /**
     * {@link #step} with the device waited for after each class of operation, the times added to {@code profile}: for
     * {@code bench gpu --prefill-profile}. Decode rows replayed as a CUDA graph are one step, not profiled by class.
     */
    public static Output profiled(QwenWeights w, List<Row> rows, StepProfile profile) {
        PROFILE.set(profile);
        try {
            profile.begin();
            Output out = step(w, rows);
            mark(StepProfile.Op.HEAD);
            return out;
        } finally {
            PROFILE.remove();
        }
    }

    /** Under a profile: waits for the device and charges the time since the last mark to {@code op}; else nothing. */
    static void mark(StepProfile.Op op) {
        StepProfile profile = PROFILE.get();
        if (profile != null) {
            profile.mark(op);
        }
    }

    private static NDArray run(QwenWeights w, Batch b) {
        QwenConfig c = w.config;
        NDManager m = b.rows[0].cache().manager;
        long[] ids = new long[b.tokens];
        for (int i = 0, k = 0; i < b.rows.length; i++) {
            for (int id : b.rows[i].tokens()) {
                if (id < 0 || id >= c.vocabSize()) {
                    throw new InvalidInputException("tokens", "id " + id + " is outside the vocabulary");
                }
                ids[k++] = id;
            }
        }
        for (Row row : b.rows) {
            row.cache().reserve(row.cache().length() + row.tokens().length);
        }
        mark(StepProfile.Op.CACHE_RESERVE);
        NDArray idArray = m.create(ids);
        NDArray x = idArray.getNDArrayInternal().embedding(idArray, w.embed, SparseFormat.DENSE).singletonOrThrow();
        mark(StepProfile.Op.EMBEDDING);
        // decode rows: (N, D, D), x · rope = x·cos + rotate_half(x)·sin, one batched matmul as the captured decode step
        // does; a step with prompt tokens: the elementwise form, whose (N, D, D) would be 262 MB at 8,000 tokens
        Rotation rotation = b.tokens == b.rows.length ? Rotation.matrix(rope(w, b, m)) : ropeElementwise(w, b, m);
        NDArray[] masks = masks(w, b, m);
        // decode rows only (one new token each): attention of all rows in one pass over their caches side by side
        NDArray segments = b.rows.length > 1 && b.tokens == b.rows.length ? CacheAttention.segmentMask(m, b, w.dtype) : null;
        // fresh prompts of one length (a batch's prompts prefilled together): attention of all rows in one pass
        boolean freshPrompts = b.rows.length > 1 && segments == null && freshPromptsOfOneLength(w, b);
        mark(StepProfile.Op.ROPE_TABLES_MASKS);
        Attention attention = (index, q, k, v) -> {
            if (b.rows.length == 1) {
                return CacheAttention.attend(w, b.rows[0].cache(), index, q, k, v, masks[0]);
            }
            if (segments != null) {
                return CacheAttention.attendDecodeRows(w, b, index, q, k, v, segments);
            }
            if (freshPrompts) {
                return CacheAttention.attendFreshPrompts(w, b, index, q, k, v, masks[0]);
            }
            NDList qs = q.split(b.splits, 0);
            NDList ks = k.split(b.splits, 0);
            NDList vs = v.split(b.splits, 0);
            NDList parts = new NDList(b.rows.length);
            for (int i = 0; i < b.rows.length; i++) {
                parts.add(CacheAttention.attend(w, b.rows[i].cache(), index, qs.get(i), ks.get(i), vs.get(i),
                        masks[i]));
            }
            return NDArrays.concat(parts, 0);                 // (N, Hq D)
        };
        x = layers(w, b, x, rotation, attention);
        for (Row row : b.rows) {
            row.cache().advance(row.tokens().length);
        }
        if (!b.allPositions) {
            x = lastPositions(m, b, x);                            // only the last position of each row feeds the head
        }
        x = rmsNorm(x, w.finalNorm, w);
        return cast(head(w, b, x), DataType.FLOAT32);          // the head's time is charged by the caller's mark
    }

    /**
     * One layer's attention over the caches: q (N, Hq, D), k and v (N, Hkv, D) after RoPE; writes k and v into the
     * caches and returns the context (N, Hq D).
     */
    @FunctionalInterface
    interface Attention {
        NDArray attend(int layer, NDArray q, NDArray k, NDArray v);
    }

    /** RoPE of the q and k heads (N, Hq + Hkv, D) of a step at each token's position. */
    @FunctionalInterface
    interface Rotation {
        NDArray rotate(NDArray qk);

        /** The rotation as one batched matmul by (N, D, D) matrices (see {@link #rope}). */
        static Rotation matrix(NDArray rope) {
            return qk -> qk.matMul(rope);
        }
    }

    /** {@link #layers(QwenWeights, Batch, NDArray, Rotation, Attention)} with the rotation as (N, D, D) matrices. */
    static NDArray layers(QwenWeights w, Batch b, NDArray x, NDArray rope, Attention attention) {
        return layers(w, b, x, Rotation.matrix(rope), attention);
    }

    /** Every decoder layer over x (N, H), each in its own NDScope. */
    static NDArray layers(QwenWeights w, Batch b, NDArray x, Rotation rope, Attention attention) {
        for (int l = 0; l < w.config.layers(); l++) {
            // a layer's intermediates are freed when it ends, so a long prompt's peak is one layer's, not all of them
            try (NDScope layerScope = new NDScope()) {
                layerScope.suppressNotUsedWarning();
                x = layer(w, b, l, x, rope, attention);
                NDScope.unregister(x);
            }
            NDScope.register(x);
        }
        return x;
    }

    /** x (N, H) → (N, H): attention then MLP, each with a pre-norm and a residual. */
    private static NDArray layer(QwenWeights w, Batch b, int index, NDArray x, Rotation rope, Attention attention) {
        QwenConfig c = w.config;
        QwenWeights.Layer l = w.layers.get(index);
        int n = b.tokens;
        int d = c.headDim();
        int hq = c.heads();
        int hkv = c.kvHeads();

        NDArray h = rmsNorm(x, l.inputNorm(), w);
        mark(StepProfile.Op.NORM);
        NDArray qkv = project(h, l.qkv(), l.qkvBias(), b.tokenGroups, a -> a.qkv[index]);
        mark(StepProfile.Op.QKV_GEMM);
        NDList qkvHeads = qkv.reshape(n, hq + 2L * hkv, d).split(new long[] {hq + hkv}, 1);
        NDArray qk = qkvHeads.get(0);                          // (N, Hq + Hkv, D): q and k heads side by side
        if (l.qkNorm() != null) {
            qk = rmsNorm(qk, l.qkNorm(), w);                    // Qwen3: q_norm on q heads, k_norm on k heads
            mark(StepProfile.Op.NORM);
        }
        NDList rotated = rope.rotate(qk).split(new long[] {hq}, 1);
        NDArray q = rotated.get(0);                            // (N, Hq, D)
        NDArray k = rotated.get(1);                            // (N, Hkv, D)
        NDArray v = qkvHeads.get(1);                           // (N, Hkv, D)
        mark(StepProfile.Op.ROPE);

        NDArray ctx = attention.attend(index, q, k, v);
        mark(StepProfile.Op.ATTENTION);
        x = project(ctx, l.o(), x, b.tokenGroups, a -> a.o[index]); // the residual added by the matmul (addmm)
        mark(StepProfile.Op.O_GEMM);

        h = rmsNorm(x, l.postNorm(), w);
        mark(StepProfile.Op.NORM);
        NDList gateUp = project(h, l.gateUp(), null, b.tokenGroups, a -> a.gateUp[index]).split(2, 1);
        mark(StepProfile.Op.GATE_UP_GEMM);
        NDArray gate = gateUp.get(0);
        NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(gateUp.get(1));   // SiLU(gate) · up
        mark(StepProfile.Op.ACTIVATION);
        NDArray out = project(act, l.down(), x, b.tokenGroups, a -> a.down[index]);
        mark(StepProfile.Op.DOWN_GEMM);
        return out;
    }

    /**
     * x · Wᵀ + bias, plus each adapter group's LoRA delta on its own rows: added in place on the group's slice of the
     * output, so rows of other adapters (or none) are untouched.
     */
    private static NDArray project(NDArray x, NDArray weight, NDArray bias, List<Group> groups,
            Function<LoraWeights, LoraWeights.Delta> deltaOf) {
        NDArray y = linear(x, weight, bias);
        for (Group g : groups) {
            LoraWeights.Delta delta = g.adapter == null ? null : deltaOf.apply(g.adapter);
            if (delta == null) {
                continue;
            }
            boolean whole = groups.size() == 1;
            NDArray d = linear(linear(whole ? x : rows(x, g.from, g.to), delta.a(), null), delta.b(), null);
            if (whole) {
                y = y.add(d);
            } else {
                rows(y, g.from, g.to).addi(d);
            }
        }
        return y;
    }

    /** The output head, with each adapter group's saved lm_head (modules_to_save) or LoRA delta on its rows. */
    static NDArray head(QwenWeights w, Batch b, NDArray x) {
        NDArray y = linear(x, w.lmHead, null);
        for (Group g : b.outputGroups) {
            if (g.adapter != null && g.adapter.headReplacement != null) {
                NDArray own = linear(rows(x, g.from, g.to), g.adapter.headReplacement, null);
                JniUtils.indexSet((PtNDArray) y, (PtNDArray) own, new long[] {g.from, 0},
                        new long[] {g.to, y.getShape().get(1)}, new long[] {1, 1});
            }
            if (g.adapter != null && g.adapter.head != null) {
                LoraWeights.Delta delta = g.adapter.head;
                rows(y, g.from, g.to).addi(linear(linear(rows(x, g.from, g.to), delta.a(), null), delta.b(), null));
            }
        }
        return y;
    }

    /** The hidden state of each row's last new token: (R, H). */
    private static NDArray lastPositions(NDManager m, Batch b, NDArray x) {
        if (b.tokens == b.rows.length) {
            return x;                                          // decode rows: one token each
        }
        if (b.rows.length == 1) {
            return x.get(new NDIndex().addSliceDim(b.tokens - 1, b.tokens));
        }
        long[] last = new long[b.rows.length];
        for (int i = 0; i < last.length; i++) {
            last[i] = b.offsets[i] + b.rows[i].tokens().length - 1L;
        }
        return x.get(m.create(last));
    }

    /** x[from:to] along the first axis, as a view (writes through to x): one slice. */
    static NDArray rows(NDArray x, long from, long to) {
        return JniUtils.slice((PtNDArray) x, 0, from, to, 1);
    }

    /** Each packed row's rows of a cos or sin table, at the row's own positions (views). */
    private static NDList ropeRows(NDArray table, Batch b, NDManager m) {
        NDList rows = new NDList(b.rows.length);
        for (Row row : b.rows) {
            int p = row.cache().length();
            rows.add(tableRows(table, p, p + row.tokens().length, m));
        }
        return rows;
    }

    /**
     * The rotation of each packed token at its own position: rows of the model's cos/sin tables (views; one slice a
     * row) made into (N, D, D) = I·cos + R·sin, so one batched matmul per layer rotates every head.
     */
    private static NDArray rope(QwenWeights w, Batch b, NDManager m) {
        NDList cos = ropeRows(w.ropeCos, b, m);
        NDList sin = ropeRows(w.ropeSin, b, m);
        long d = w.config.headDim();
        NDArray c = (cos.size() == 1 ? cos.get(0) : NDArrays.concat(cos, 0)).reshape(b.tokens, 1, d);
        NDArray s = (sin.size() == 1 ? sin.get(0) : NDArrays.concat(sin, 0)).reshape(b.tokens, 1, d);
        return c.mul(w.ropeEye).add(s.mul(w.ropeRot));
    }

    /**
     * RoPE as transformers' {@code x·cos + rotate_half(x)·sin}, elementwise: rotate_half(x)·sin is the halves of x
     * swapped (one flip) times sin with its first half negated, the same products as -x₂·sin and x₁·sin, so the result
     * is transformers' to the bit in the same dtype. Five kernels over (N, Hq + Hkv, D) instead of a batched matmul by
     * (N, D, D) matrices: for a prompt chunk of N tokens those matrices are N·D²·2 bytes (262 MB at 8,000 tokens),
     * read again by every layer.
     */
    private static Rotation ropeElementwise(QwenWeights w, Batch b, NDManager m) {
        NDList cos = ropeRows(w.ropeCos, b, m);
        NDList sin = ropeRows(w.ropeSin, b, m);
        long d = w.config.headDim();
        long half = d / 2;
        NDArray c = (cos.size() == 1 ? cos.get(0) : NDArrays.concat(cos, 0)).reshape(b.tokens, 1, d);
        float[] signs = new float[(int) d];
        java.util.Arrays.fill(signs, 0, (int) half, -1f);
        java.util.Arrays.fill(signs, (int) half, (int) d, 1f);
        NDArray s = (sin.size() == 1 ? sin.get(0) : NDArrays.concat(sin, 0)).reshape(b.tokens, 1, d)
                .mul(cast(m.create(signs), w.dtype));
        return qk -> {
            Shape shape = qk.getShape();
            long heads = shape.get(1);
            // (N, heads, 2, D/2) with the two halves flipped: (x₂, x₁)
            NDArray swapped = qk.reshape(b.tokens, heads, 2, half).flip(2).reshape(b.tokens, heads, d);
            return qk.mul(c).add(swapped.mul(s));
        };
    }

    /** Each row's causal mask (T, S) in the compute type, null for a row of one token; rows alike share one. */
    private static NDArray[] masks(QwenWeights w, Batch b, NDManager m) {
        NDArray[] masks = new NDArray[b.rows.length];
        java.util.Map<Long, NDArray> made = new java.util.HashMap<>();
        for (int i = 0; i < b.rows.length; i++) {
            int t = b.rows[i].tokens().length;
            int p = b.rows[i].cache().length();
            if (t > 1) {
                masks[i] = made.computeIfAbsent(((long) p << 32) | t,
                        key -> cast(CacheAttention.causalMask(m, p, t), w.dtype));
            }
        }
        return masks;
    }

    /**
     * Every row an empty cache and the same number (more than one) of new tokens: prompts prefilled together, where
     * all rows' scores (R, Hq, T, T) stay within {@link #FRESH_SCORES}; longer prompts go row by row, whose peak is
     * one row's scores.
     */
    private static boolean freshPromptsOfOneLength(QwenWeights w, Batch b) {
        int t = b.rows[0].tokens().length;
        if ((long) b.rows.length * w.config.heads() * t * t > FRESH_SCORES) {
            return false;
        }
        for (Row row : b.rows) {
            if (row.cache().length() != 0 || row.tokens().length != t || t < 2) {
                return false;
            }
        }
        return true;
    }

    /** table[from:to] as a view attached to {@code m} (the weights' manager takes no new arrays). */
    private static NDArray tableRows(NDArray table, int from, int to, NDManager m) {
        return JniUtils.index((PtNDArray) table, new long[] {from, 0}, new long[] {to, table.getShape().get(1)},
                new long[] {1, 1}, (PtNDManager) m);
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
        return FewRowLinear.apply(x, weight, bias)
                .orElseGet(() -> x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow());
    }

    static NDArray cast(NDArray x, DataType type) {
        return x.getDataType() == type ? x : x.toType(type, false);
    }

    /** A contiguous range of rows (tokens, or output rows) that share one adapter (null: the base). */
    record Group(LoraWeights adapter, long from, long to) {
    }
}
