package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.strokekg.error.InvalidInputException;

/**
 * One request's attention keys and values, written in place each step, so decoding never copies the past. Head-major,
 * (Hkv, allocated, D) per layer, so the attention reads a strided view of the first {@code length} positions without a
 * copy. A cache that fits in {@link #UPFRONT_BYTES} is allocated whole for its capacity (prompt plus new tokens); a
 * larger one starts at what its first step needs and grows by half when full (one copy of what it holds), so a request
 * allowed 8,000 tokens that stops after 300 holds 300-odd positions, not 8,000. Not shared between threads.
 */
public final class KvCache implements AutoCloseable {

    /** Caches up to this size are allocated whole at once. */
    static final long UPFRONT_BYTES = 64L << 20;
    private static final long[] ONES = {1, 1, 1};

    final NDManager manager;
    final NDArray[] keys;   // per layer (Hkv, allocated, D)
    final NDArray[] values; // per layer (Hkv, allocated, D)
    private final QwenRuntime runtime;
    private final QwenWeights weights;
    private final int capacity;
    private final long bytesPerPosition;
    private int allocated;
    private int length;
    private boolean closed;

    KvCache(QwenRuntime runtime, int capacity) {
        QwenWeights w = runtime.weights;
        QwenConfig c = w.config;
        if (capacity <= 0 || capacity > c.maxPositions()) {
            throw new InvalidInputException("maxNewTokens", "prompt plus new tokens (" + capacity + ") exceed the "
                    + "model's context of " + c.maxPositions() + " positions");
        }
        this.runtime = runtime;
        this.weights = w;
        this.capacity = capacity;
        this.bytesPerPosition = 2L * c.layers() * c.kvHeads() * c.headDim() * w.dtype.getNumOfBytes();
        // its own root manager: the weights' manager is capped after load so nothing can attach to it by accident
        this.manager = NDManager.newBaseManager(w.manager.getDevice(), "PyTorch");
        this.keys = new NDArray[c.layers()];
        this.values = new NDArray[c.layers()];
        if ((long) capacity * bytesPerPosition <= UPFRONT_BYTES) {
            grow(capacity);
        }
    }

    /** Positions filled so far; the next token goes at this position. */
    public int length() {
        return length;
    }

    /** The most positions this cache may hold (prompt plus new tokens). */
    public int capacity() {
        return capacity;
    }

    /** Positions backed by memory now (up to {@link #capacity()}). */
    public int allocated() {
        return allocated;
    }

    /** Bytes one position takes over all layers, keys and values. */
    public long bytesPerPosition() {
        return bytesPerPosition;
    }

    void advance(int tokens) {
        length += tokens;
    }

    QwenWeights weights() {
        return weights;
    }

    QwenRuntime runtime() {
        return runtime;
    }

    /** Makes room for {@code positions} in all; grows by half (or to what is needed) when the arrays are too small. */
    void reserve(int positions) {
        if (positions > capacity) {
            throw new InvalidInputException("tokens", "position " + positions + " is past the cache's " + capacity);
        }
        if (positions > allocated) {
            grow(Math.min(capacity, Math.max(positions, allocated + Math.max(64, allocated / 2))));
        }
    }

    private void grow(int size) {
        QwenConfig c = weights.config;
        Shape shape = new Shape(c.kvHeads(), size, c.headDim());
        for (int i = 0; i < c.layers(); i++) {
            keys[i] = regrown(keys[i], shape);
            values[i] = regrown(values[i], shape);
        }
        runtime.kvBytes.addAndGet((size - allocated) * bytesPerPosition);
        allocated = size;
    }

    /** A zeroed array of {@code shape} holding the first {@code length} positions of {@code old}, which is closed. */
    private NDArray regrown(NDArray old, Shape shape) {
        NDArray fresh = manager.zeros(shape, weights.dtype);
        NDScope.unregister(fresh);
        if (old != null) {
            if (length > 0) {
                try (NDArray held = JniUtils.index((PtNDArray) old, new long[] {0, 0, 0},
                        new long[] {shape.get(0), length, shape.get(2)}, ONES, (PtNDManager) manager)) {
                    JniUtils.indexSet((PtNDArray) fresh, (PtNDArray) held, new long[] {0, 0, 0},
                            new long[] {shape.get(0), length, shape.get(2)}, ONES);
                }
            }
            old.close();
        }
        return fresh;
    }

    /** Forgets everything after {@code newLength}, e.g. to re-run a step. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " positions to " + newLength);
        }
        length = newLength;
    }

    /** Native arrays attached to this cache: its keys and values, nothing per step. */
    public int nativeArrays() {
        return manager.getManagedArrays().size();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            runtime.graphs.forget(this); // before the arrays it reads go
            runtime.kvBytes.addAndGet(-allocated * bytesPerPosition);
            manager.close();
        }
    }
}
