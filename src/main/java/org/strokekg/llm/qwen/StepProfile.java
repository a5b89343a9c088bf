package org.strokekg.llm.qwen;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where one forward step's time goes, by class of operation: {@link Forward#profiled} waits for the device after each
 * operation class of the step (so each class's kernels are timed alone, their launches included) and adds the wall
 * time since the previous wait to the class just issued. The waits cost a step its host/device overlap, so the sum is
 * above the step's ordinary time; the shares are what the profile is for. Only for benchmarks: an ordinary step never
 * waits ({@link Forward} checks for a profile with one thread-local read per operation class).
 */
public final class StepProfile implements AutoCloseable {

    /** The operation classes of a step, in the order a layer issues them. */
    public enum Op {
        /** cache growth before the step (a copy where a cache's allocation is too small) */
        CACHE_RESERVE,
        EMBEDDING,
        /** the step's cos/sin rows (or rotation matrices) and causal masks, made once a step */
        ROPE_TABLES_MASKS,
        /** RMSNorm before attention and before the MLP, and Qwen3's q/k norms */
        NORM,
        /** the fused QKV projection (with any adapter deltas) */
        QKV_GEMM,
        ROPE,
        /** k and v written into the caches */
        CACHE_WRITE,
        /** scores, mask, softmax, context, and the heads' reshapes */
        ATTENTION,
        /** the output projection with the residual added by the matmul */
        O_GEMM,
        GATE_UP_GEMM,
        /** SiLU(gate) · up */
        ACTIVATION,
        /** the down projection with the residual added by the matmul */
        DOWN_GEMM,
        /** the last positions' gather, the final norm, the head and the argmax */
        HEAD
    }

    private final NDManager manager;
    private final NDArray probe;
    private final Map<Op, Long> nanos = new EnumMap<>(Op.class);
    private long last;

    /** A profile that waits for {@code device}'s work (a one-element read back on its stream). */
    public StepProfile(Device device) {
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.probe = manager.zeros(new Shape(1), DataType.FLOAT32);
    }

    /** Waits for the device and starts the clock. */
    void begin() {
        waitForDevice();
        last = System.nanoTime();
    }

    /** Waits for the device and adds the time since the last mark (or {@link #begin}) to {@code op}. */
    void mark(Op op) {
        waitForDevice();
        long now = System.nanoTime();
        nanos.merge(op, now - last, Long::sum);
        last = now;
    }

    /** Seconds per operation class, summed over the profiled steps, in {@link Op}'s order (classes not seen: absent). */
    public Map<Op, Double> seconds() {
        Map<Op, Double> out = new EnumMap<>(Op.class);
        nanos.forEach((op, n) -> out.put(op, n / 1e9));
        return Collections.unmodifiableMap(out);
    }

    /** Forgets the times so far (after a warm-up step). */
    public void reset() {
        nanos.clear();
    }

    private void waitForDevice() {
        probe.toByteArray(); // a copy to the host on the device's stream: returns once the work queued before is done
    }

    @Override
    public void close() {
        manager.close();
    }
}
