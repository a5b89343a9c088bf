package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import org.strokekg.error.InvalidInputException;

/**
 * One request's attention keys and values, allocated once for the whole generation (prompt plus new tokens) and
 * written in place each step, so decoding never copies the past. Head-major, (Hkv, capacity, D) per layer, so the
 * attention reads a strided view of the first {@code length} positions without a copy. Not shared between threads.
 */
public final class KvCache implements AutoCloseable {

    final NDManager manager;
    final NDArray[] keys;   // per layer (Hkv, capacity, D)
    final NDArray[] values; // per layer (Hkv, capacity, D)
    private final int capacity;
    private int length;

    KvCache(QwenWeights w, int capacity) {
        QwenConfig c = w.config;
        if (capacity <= 0 || capacity > c.maxPositions()) {
            throw new InvalidInputException("maxNewTokens", "prompt plus new tokens (" + capacity + ") exceed the "
                    + "model's context of " + c.maxPositions() + " positions");
        }
        // its own root manager: the weights' manager is capped after load so nothing can attach to it by accident
        this.manager = NDManager.newBaseManager(w.manager.getDevice(), "PyTorch");
        this.capacity = capacity;
        this.keys = new NDArray[c.layers()];
        this.values = new NDArray[c.layers()];
        Shape shape = new Shape(c.kvHeads(), capacity, c.headDim());
        for (int i = 0; i < c.layers(); i++) {
            keys[i] = manager.zeros(shape, w.dtype);
            values[i] = manager.zeros(shape, w.dtype);
            NDScope.unregister(keys[i], values[i]);
        }
    }

    /** Positions filled so far; the next token goes at this position. */
    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    void advance(int tokens) {
        length += tokens;
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

    @Override
    public void close() {
        manager.close();
    }
}
