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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * A decode step of a fixed set of rows (one new token each, their caches allocated whole) captured once as a
 * CUDA graph and replayed for every later token: the host then issues one launch per step instead of ~20 per layer.
 * The captured step is the engine's own forward pass ({@link Forward#layers}, the same norms, projections, RoPE and
 * head), with what depended on host numbers made to depend on device tensors: the token ids and positions are static
 * inputs copied in before each replay, the RoPE rows are gathered at those positions, each row's key and value are
 * written at its position by one index copy for all rows, and attention reads the caches over their whole capacity
 * under a mask made on the device from the positions (the caches side by side, as {@code attendDecodeRows} reads them;
 * masked columns weigh exactly 0). For several rows the caches are moved into one array per layer, of which each
 * cache keeps a view ({@link #together}). Out comes each row's argmax; the logits stay in the graph's memory for a
 * sampling row's picker, which runs op by op after the replay. Where the graph library's fused kernels suit the model
 * ({@link FusedDecode}), those are what is captured instead (same inputs, same outputs; rows may then carry unmerged
 * adapters). The graph is tied to these caches' arrays; it is freed with them.
 */
final class DecodeGraph implements AutoCloseable {

    private static final long[] ONES = {1, 1, 1};
    /** Numbers of rows whose step this thread has run on its side stream (see {@link #capture}). */
    private static final ThreadLocal<Set<String>> WARMED = ThreadLocal.withInitial(HashSet::new);
    final List<KvCache> caches;        // in batch order
    private final QwenWeights w;
    private final NDManager manager;
    private final NDArray inputs;      // (3R) int64: token ids, positions, adapter tables; written before each replay
    private final NDArray ids;         // views of inputs
    private final NDArray positions;
    private final NDArray columnRow;   // (ΣC) int64: the row whose cache each column of the side-by-side caches is
    private final NDArray columnPosition; // (ΣC) int64: the position within that row's cache
    private final NDArray rowMatch;    // (R, ΣC) bool: column belongs to row
    private final NDArray zero;        // (1) in the compute type
    private final NDArray negativeInfinity;
    private final NDArray offsets;     // (R) int64: where each row's cache starts in the side-by-side buffers
    private final NDArray[] keysTogether;   // per layer (Hkv, ΣC, D) when R > 1: the rows' caches are views of these
    private final NDArray[] valuesTogether;
    private final long total;
    private NDArray picked;            // (R) int64 in the graph's memory: each replay writes the rows' argmax here
    private NDArray logits;            // (R, V) float32 in the graph's memory: each replay's logits
    private final FusedDecode fused;   // the library's fused step, or null: the step written on DJL
    private final boolean withAdapters;
    private long graph;

    /**
     * A graph for these caches' rows; {@code manager} (its own, closed with it) holds its arrays. {@code fusedRank}:
     * -1 for the step on DJL, else the fused step is tried, with rows' adapters up to that rank (0: none).
     */
    DecodeGraph(QwenWeights w, List<KvCache> caches, NDManager manager, int fusedRank) {
        this.w = w;
        this.caches = List.copyOf(caches);
        int r = caches.size();
        long sum = 0;
        for (KvCache cache : caches) {
            sum += cache.capacity();
        }
        this.total = sum;
        long[] row = new long[(int) total];
        long[] position = new long[(int) total];
        boolean[] match = new boolean[(int) (r * total)];
        long[] starts = new long[r];
        for (int i = 0, at = 0; i < r; i++) {
            starts[i] = at;
            for (int p = 0; p < caches.get(i).capacity(); p++, at++) {
                row[at] = i;
                position[at] = p;
                match[(int) (i * total + at)] = true;
            }
        }
        this.manager = manager;
        // everything here outlives the caller's scope: the graph reads these arrays at every replay
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            this.inputs = manager.zeros(new Shape(3L * r), DataType.INT64);
            this.ids = Forward.rows(inputs, 0, r);
            this.positions = Forward.rows(inputs, r, 2L * r);
            this.columnRow = manager.create(row);
            this.columnPosition = manager.create(position);
            this.rowMatch = manager.create(match, new Shape(r, total));
            this.zero = manager.create(new float[] {0f}).toType(w.dtype, false);
            this.negativeInfinity = manager.create(new float[] {Float.NEGATIVE_INFINITY}).toType(w.dtype, false);
            this.offsets = manager.create(starts);
            NDScope.unregister(inputs, ids, positions, columnRow, columnPosition, rowMatch, zero, negativeInfinity,
                    offsets);
        }
        int layers = w.config.layers();
        this.keysTogether = r > 1 ? new NDArray[layers] : null;
        this.valuesTogether = r > 1 ? new NDArray[layers] : null;
        if (r > 1) {
            for (int l = 0; l < layers; l++) {
                keysTogether[l] = together(l, starts, true);
                valuesTogether[l] = together(l, starts, false);
            }
        }
        FusedDecode plan = null;
        if (fusedRank >= 0 && FusedDecode.suits(w, r)) {
            try {
                plan = r > 1 ? FusedDecode.plan(w, caches, keysTogether, valuesTogether, starts, inputs, fusedRank,
                        manager) : FusedDecode.plan(w, caches, caches.get(0).keys, caches.get(0).values,
                        new long[] {0}, inputs, fusedRank, manager);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(DecodeGraph.class).warn("the fused decode step does not suit this model ({}); "
                        + "the step on DJL is captured", e.getMessage());
            }
        }
        this.fused = plan;
        this.withAdapters = fusedRank > 0;
    }

    /** Whether the captured step is the library's fused one (which alone takes rows of unmerged adapters). */
    boolean isFused() {
        return fused != null;
    }

    /**
     * The rows' caches of one layer side by side in one array (a copy), each cache's array then replaced by a view
     * of its part: the step writes every row's key (value) with one index copy and its attention reads them without
     * a concatenation per layer, while each cache still reads and writes its own positions as before, op by op too.
     * The old arrays are freed; a graph that read them was retired first ({@link DecodeGraphs}).
     */
    private NDArray together(int layer, long[] starts, boolean keys) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList parts = new NDList(caches.size());
            for (KvCache cache : caches) {
                parts.add((keys ? cache.keys : cache.values)[layer]);
            }
            NDArray all = NDArrays.concat(parts, 1);
            all.attach(manager);
            NDScope.unregister(all);
            Shape shape = all.getShape();
            for (int i = 0; i < caches.size(); i++) {
                KvCache cache = caches.get(i);
                NDArray[] arrays = keys ? cache.keys : cache.values;
                NDArray view = JniUtils.index((PtNDArray) all, new long[] {0, starts[i], 0},
                        new long[] {shape.get(0), starts[i] + cache.capacity(), shape.get(2)}, ONES,
                        (PtNDManager) cache.manager);
                NDScope.unregister(view);
                arrays[layer].close();
                arrays[layer] = view;
            }
            return all;
        }
    }

    /**
     * Captures this step, then replays it as the real step. The first capture of a number of rows on a thread runs
     * the step once before, on the side stream: libtorch's lazy set-up for that stream and those shapes (cuBLAS's
     * workspace, say) must happen outside a capture; that run writes the same keys and values the replay writes again.
     */
    int[] capture(Batch b, long[] in) {
        CudaNative.copyLongs(inputs, in);
        // what a first launch sets up: the kernels of a type, a row tile and with or without adapters; libtorch's
        // per row count
        String kind = fused != null ? "fused " + w.dtype + " " + ((caches.size() + 7) / 8) + " " + withAdapters
                : "djl " + caches.size();
        boolean warm = WARMED.get().contains(kind);
        CudaNative.enterSideStream();
        try {
            if (!warm) { // lazy set-up (module loading, cuBLAS's workspace) must not happen inside a capture
                if (fused != null) {
                    fused.step();
                } else {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        forward(b)[0].toLongArray();
                    }
                }
            }
            long handle = CudaNative.beginCapture();
            boolean recorded = false;
            try {
                if (fused != null) {
                    fused.step();
                    picked = fused.picked;
                    logits = fused.logits;
                } else {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray[] out = forward(b);
                        picked = out[0];
                        logits = out[1];
                        NDScope.unregister(picked, logits);
                    }
                }
                recorded = true;
            } finally {
                try {
                    CudaNative.endCapture(handle);
                    graph = handle;
                } catch (RuntimeException e) {
                    CudaNative.freeGraph(handle);
                    if (recorded) {
                        throw e;
                    }
                }
            }
        } finally {
            CudaNative.exitSideStream();
        }
        WARMED.get().add(kind);
        return replay(b, in);
    }

    /**
     * The step for the next tokens: ids and positions in, one launch, each row's argmax out; a row with a picker
     * (sampling) picks from its logits row, which the graph leaves on the device, op by op after the replay.
     */
    int[] replay(Batch b, long[] in) {
        CudaNative.copyLongs(inputs, in);
        CudaNative.replay(graph);
        int[] out = toInts(picked.toLongArray());
        pick(b, out, logits);
        return out;
    }

    /**
     * The step run op by op, not captured: what a capture records, so that its arithmetic (positions as device
     * tensors, the mask over the capacity, the side-by-side caches) is tested on any device, CPU included. Without the
     * graph library its two indexed ops are DJL's advanced indexing. The caller advances the caches.
     */
    int[] runUncaptured(Batch b, long[] in) {
        if (CudaNative.available()) {
            CudaNative.copyLongs(inputs, in);
        } else { // in place: DJL's NDArray.set(Buffer) swaps the storage, which the views of inputs would not see
            try (NDArray fresh = manager.create(in)) {
                JniUtils.indexSet((PtNDArray) inputs, (PtNDArray) fresh, new long[] {0}, new long[] {in.length},
                        new long[] {1});
            }
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] step = forward(b);
            int[] out = toInts(step[0].toLongArray());
            pick(b, out, step[1]);
            return out;
        }
    }

    private static void pick(Batch b, int[] out, NDArray logits) {
        for (int i = 0; i < out.length; i++) {
            Optional<TokenPicker> picker = b.rows[i].picker();
            if (picker.isPresent()) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    out[i] = picker.get().pick(logits.get(i));
                }
            }
        }
    }

    /** table[index] along the first axis (rows gathered at device-held indices). */
    private NDArray select(NDArray table, NDArray index) {
        return CudaNative.available() ? CudaNative.indexSelect(table, 0, index, manager)
                : JniUtils.indexAdv((PtNDArray) table, new NDIndex("{}", index), (PtNDManager) manager);
    }

    /** target[:, index] = source, in place (columns written at device-held indices). */
    private static void writeColumns(NDArray target, NDArray index, NDArray source) {
        if (CudaNative.available()) {
            CudaNative.indexCopy(target, 1, index, source);
        } else {
            JniUtils.indexAdvPut((PtNDArray) target, new NDIndex(":, {}", index), (PtNDArray) source);
        }
    }

    /**
     * The step on device tensors only: nothing in it reads a host number or copies to the host. Returns each row's
     * argmax (R) and its logits (R, V) in float32.
     */
    private NDArray[] forward(Batch b) {
        QwenConfig c = w.config;
        int r = caches.size();
        long d = c.headDim();
        NDArray x = ids.getNDArrayInternal().embedding(ids, w.embed, SparseFormat.DENSE).singletonOrThrow();
        NDArray cos = select(w.ropeCos, positions).reshape(r, 1, d);
        NDArray sin = select(w.ropeSin, positions).reshape(r, 1, d);
        NDArray rope = cos.mul(w.ropeEye).add(sin.mul(w.ropeRot));                     // (R, D, D) as Forward's
        NDArray limit = select(positions, columnRow);                                     // each column's row position
        NDArray allowed = columnPosition.lte(limit).logicalAnd(rowMatch);                 // (R, ΣC)
        NDArray mask = JniUtils.where((PtNDArray) allowed, (PtNDArray) zero, (PtNDArray) negativeInfinity)
                .reshape(1, r, 1, total);
        NDArray at = r == 1 ? positions : positions.add(offsets); // each row's next column in the side-by-side caches
        x = Forward.layers(w, b, x, rope, (index, q, k, v) -> attend(index, q, k, v, mask, at));
        x = Forward.rmsNorm(x, w.finalNorm, w);
        NDArray all = Forward.cast(Forward.head(w, b, x), DataType.FLOAT32);
        return new NDArray[] {all.argMax(1), all};
    }

    /** Decode rows' attention over their whole caches side by side; the mask keeps each row to its own positions. */
    private NDArray attend(int index, NDArray q, NDArray k, NDArray v, NDArray mask, NDArray at) {
        int r = caches.size();
        NDArray allKeys = r == 1 ? caches.get(0).keys[index] : keysTogether[index];       // (Hkv, ΣC, D)
        NDArray allValues = r == 1 ? caches.get(0).values[index] : valuesTogether[index];
        writeColumns(allKeys, at, k.transpose(1, 0, 2));                                 // (Hkv, R, D) at R columns
        writeColumns(allValues, at, v.transpose(1, 0, 2));
        return CacheAttention.attendSideBySide(w, r, q, allKeys, allValues, mask);
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    @Override
    public void close() {
        if (graph != 0) {
            CudaNative.freeGraph(graph);
            graph = 0;
        }
        if (fused != null) {
            fused.close();
        }
        manager.close();
    }
}
