package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;

/**
 * A greedy decode step of a fixed set of rows (one new token each, their caches allocated whole) captured once as a
 * CUDA graph and replayed for every later token: the host then issues one launch per step instead of ~20 per layer.
 * The captured step is the engine's own forward pass ({@link Forward#layers}, the same norms, projections, RoPE and
 * head), with what depended on host numbers made to depend on device tensors: the token ids and positions are static
 * inputs copied in before each replay, the RoPE rows are gathered at those positions, each row's key and value are
 * written at its position by an index copy, and attention reads each cache over its whole capacity under a mask made
 * on the device from the positions (the caches side by side, as {@code attendDecodeRows} reads them; masked columns
 * weigh exactly 0). Out comes each row's argmax. The graph is tied to these caches' arrays; it is freed with them.
 */
final class DecodeGraph implements AutoCloseable {

    final List<KvCache> caches;        // in batch order
    private final QwenWeights w;
    private final NDManager manager;
    private final NDArray inputs;      // (2R) int64: token ids, then positions; written before each replay
    private final NDArray ids;         // views of inputs
    private final NDArray positions;
    private final NDArray[] rowPositions;
    private final NDArray columnRow;   // (ΣC) int64: the row whose cache each column of the side-by-side caches is
    private final NDArray columnPosition; // (ΣC) int64: the position within that row's cache
    private final NDArray rowMatch;    // (R, ΣC) bool: column belongs to row
    private final NDArray zero;        // (1) in the compute type
    private final NDArray negativeInfinity;
    private final long total;
    private NDArray picked;            // (R) int64 in the graph's memory: each replay writes the rows' argmax here
    private long graph;

    DecodeGraph(QwenWeights w, List<KvCache> caches) {
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
        for (int i = 0, at = 0; i < r; i++) {
            for (int p = 0; p < caches.get(i).capacity(); p++, at++) {
                row[at] = i;
                position[at] = p;
                match[(int) (i * total + at)] = true;
            }
        }
        this.manager = NDManager.newBaseManager(w.manager.getDevice(), "PyTorch");
        // everything here outlives the caller's scope: the graph reads these arrays at every replay
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            this.inputs = manager.zeros(new Shape(2L * r), DataType.INT64);
            this.ids = Forward.rows(inputs, 0, r);
            this.positions = Forward.rows(inputs, r, 2L * r);
            this.rowPositions = new NDArray[r];
            for (int i = 0; i < r; i++) {
                rowPositions[i] = Forward.rows(positions, i, i + 1);
            }
            this.columnRow = manager.create(row);
            this.columnPosition = manager.create(position);
            this.rowMatch = manager.create(match, new Shape(r, total));
            this.zero = manager.create(new float[] {0f}).toType(w.dtype, false);
            this.negativeInfinity = manager.create(new float[] {Float.NEGATIVE_INFINITY}).toType(w.dtype, false);
            NDScope.unregister(inputs, ids, positions, columnRow, columnPosition, rowMatch, zero, negativeInfinity);
            NDScope.unregister(rowPositions);
        }
    }

    /**
     * Runs this step once as it is captured (on a side stream, so that libtorch's lazy set-up for that stream happens
     * outside the capture), then captures it. Returns the step's argmax: the first run is the real step.
     */
    int[] captureAfterFirstRun(Batch b, long[] in) {
        CudaNative.copyLongs(inputs, in);
        long[] first;
        CudaNative.enterSideStream();
        try {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                first = forward(b).toLongArray();
            }
            long handle = CudaNative.beginCapture();
            boolean recorded = false;
            try {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    picked = forward(b);
                    NDScope.unregister(picked);
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
        return toInts(first);
    }

    /** The step for the next tokens: ids and positions in, one launch, each row's argmax out. */
    int[] replay(long[] in) {
        CudaNative.copyLongs(inputs, in);
        CudaNative.replay(graph);
        return toInts(picked.toLongArray());
    }

    /** The step on device tensors only: nothing in it reads a host number or copies to the host. */
    private NDArray forward(Batch b) {
        QwenConfig c = w.config;
        int r = caches.size();
        long d = c.headDim();
        NDArray x = ids.getNDArrayInternal().embedding(ids, w.embed, SparseFormat.DENSE).singletonOrThrow();
        NDArray cos = CudaNative.indexSelect(w.ropeCos, 0, positions, manager).reshape(r, 1, d);
        NDArray sin = CudaNative.indexSelect(w.ropeSin, 0, positions, manager).reshape(r, 1, d);
        NDArray rope = cos.mul(w.ropeEye).add(sin.mul(w.ropeRot));                     // (R, D, D) as Forward's
        NDArray limit = CudaNative.indexSelect(positions, 0, columnRow, manager);        // each column's row position
        NDArray allowed = columnPosition.lte(limit).logicalAnd(rowMatch);                 // (R, ΣC)
        NDArray mask = JniUtils.where((PtNDArray) allowed, (PtNDArray) zero, (PtNDArray) negativeInfinity)
                .reshape(1, r, 1, total);
        x = Forward.layers(w, b, x, rope, (index, q, k, v) -> attend(index, q, k, v, mask));
        x = Forward.rmsNorm(x, w.finalNorm, w);
        return Forward.cast(Forward.head(w, b, x), DataType.FLOAT32).argMax(1);
    }

    /** Decode rows' attention over their whole caches side by side; the mask keeps each row to its own positions. */
    private NDArray attend(int index, NDArray q, NDArray k, NDArray v, NDArray mask) {
        QwenConfig c = w.config;
        int r = caches.size();
        int d = c.headDim();
        int hkv = c.kvHeads();
        int g = c.groups();
        NDList keys = new NDList(r);
        NDList values = new NDList(r);
        for (int i = 0; i < r; i++) {
            KvCache cache = caches.get(i);
            CudaNative.indexCopy(cache.keys[index], 1, rowPositions[i], Forward.rows(k, i, i + 1).transpose(1, 0, 2));
            CudaNative.indexCopy(cache.values[index], 1, rowPositions[i], Forward.rows(v, i, i + 1).transpose(1, 0, 2));
            keys.add(cache.keys[index]);
            values.add(cache.values[index]);
        }
        NDArray allKeys = r == 1 ? keys.get(0) : NDArrays.concat(keys, 1);               // (Hkv, ΣC, D)
        NDArray allValues = r == 1 ? values.get(0) : NDArrays.concat(values, 1);
        NDArray qh = q.reshape(r, hkv, g, d).transpose(1, 0, 2, 3).reshape(hkv, (long) r * g, d); // (Hkv, R G, D)
        NDArray scores = qh.matMul(allKeys.transpose(0, 2, 1)).mul(w.attentionScale)
                .reshape(hkv, r, g, total).add(mask).reshape(hkv, (long) r * g, total);
        NDArray probs = JniUtils.softmax((PtNDArray) scores, -1, w.dtype);
        NDArray ctx = probs.matMul(allValues);                                            // (Hkv, R G, D)
        return ctx.reshape(hkv, r, g, d).transpose(1, 0, 2, 3).reshape(r, (long) c.heads() * d);
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
        manager.close();
    }
}
