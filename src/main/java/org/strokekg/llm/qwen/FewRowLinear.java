package org.strokekg.llm.qwen;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * x · Wᵀ (+ bias) for a few rows on the CPU (the decode steps of up to {@link #maxRows()} requests), computed in Java
 * over the weight tensor's own memory instead of by libtorch. Why: MKL's FP32 GEMM at 2–16 rows costs about three times
 * its single-row GEMV on the same weights (measured here: 9728×896 at 8 rows 6.5–7.5 ms, at one row 2.1–2.7 ms; the
 * 151936×896 head 105–110 ms vs 33–40 ms), so a decode step of 8 requests read the weights three times over and
 * concurrency bought little; and its GEMV itself reads the weights at 13–17 GB/s where four weight streams at once
 * reach 25–27. {@link VectorKernel} reads each weight element once for all rows: 1.5 and 2.8 ms for the first at one and
 * eight rows, 21 and 38 ms for the head.
 *
 * <p>libtorch's OpenMP threads spin for a while after each of its operations and take the second core from the
 * kernel's thread: a single request decoded 7.4 tokens/s through the kernel with spinning and 8.9 with
 * {@code OMP_WAIT_POLICY=PASSIVE}, which {@code ./strokekg} sets (MKL alone: 6.8).
 *
 * <p>Used only where it applies: FP32 on the CPU, a 2-D activation of at most {@link #maxRows()} rows, the incubating
 * Vector API present on JDK 22+ ({@code --add-modules=jdk.incubator.vector}, which the launcher and the tests pass).
 * Everything else, prefill included, stays with libtorch. {@code -Dstrokekg.llm.fewRows=0} (or {@code STROKEKG_FEW_ROWS})
 * turns it off; another number sets the row limit (default {@value #DEFAULT_MAX_ROWS}; at 32 rows MKL is as fast), taken
 * once, when the first model loads ({@link NativeSettings}).
 */
final class FewRowLinear {

    private static final Logger LOG = LoggerFactory.getLogger(FewRowLinear.class);
    private static final int DEFAULT_MAX_ROWS = 16;
    private static final Optional<Kernel> KERNEL = kernel();
    private static final int MAX_ROWS = KERNEL.isEmpty() ? 0 : NativeSettings.fewRows();
    /** Threads for the other parts of a matmul's output columns; the calling thread computes the first part. */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "few-row-linear");
        t.setDaemon(true);
        return t;
    });

    private FewRowLinear() {
    }

    static int maxRows() {
        return MAX_ROWS;
    }

    /** x (M, K) · weight (N, K)ᵀ + bias ((N) or (M, N)), when this kernel applies (M ≤ {@link #maxRows()}); empty for
     * libtorch to do it. */
    static Optional<NDArray> apply(NDArray x, NDArray weight, NDArray bias) {
        Shape xs = x.getShape();
        Shape ws = weight.getShape();
        if (MAX_ROWS == 0 || xs.dimension() != 2 || xs.get(0) > MAX_ROWS || ws.dimension() != 2
                || xs.get(1) != ws.get(1) || x.getDataType() != DataType.FLOAT32
                || weight.getDataType() != DataType.FLOAT32 || !Device.cpu().equals(weight.getDevice())
                || !Device.cpu().equals(x.getDevice())
                || ws.get(0) * ws.get(1) > Integer.MAX_VALUE / Float.BYTES     // one direct buffer holds under 2 GiB
                || (bias != null && (bias.getDataType() != DataType.FLOAT32 || !biasFits(bias.getShape(), xs, ws)))) {
            return Optional.empty();
        }
        int m = (int) xs.get(0);
        int k = (int) xs.get(1);
        int n = (int) ws.get(0);
        float[] in = x.toFloatArray();
        float[] add = bias == null ? null : bias.toFloatArray();
        boolean addRows = bias != null && bias.getShape().dimension() == 2;
        Kernel kernel = KERNEL.orElseThrow();
        ByteBuffer w = JniUtils.getByteBuffer((PtNDArray) weight, true);   // the tensor's own memory, not a copy
        NDArray y = x.getManager().create(new Shape(m, n), DataType.FLOAT32);
        ByteBuffer out = JniUtils.getByteBuffer((PtNDArray) y, true);
        int parts = Math.max(1, Math.min(JniUtils.getNumThreads(), n / 64));
        if (parts == 1) {
            kernel.multiply(in, m, k, w, n, add, addRows, out, 0, n);
            return Optional.of(y);
        }
        List<Future<?>> running = new ArrayList<>(parts - 1);
        int align = kernel.columnAlignment();
        int step = (n / parts + align - 1) / align * align;
        for (int p = 1; p < parts; p++) {
            int from = p * step;
            int to = p == parts - 1 ? n : Math.min(n, from + step);
            running.add(WORKERS.submit(() -> kernel.multiply(in, m, k, w, n, add, addRows, out, from, to)));
        }
        kernel.multiply(in, m, k, w, n, add, addRows, out, 0, Math.min(n, step));
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a matmul", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("matmul failed", e.getCause());
        }
        return Optional.of(y);
    }

    private static boolean biasFits(Shape b, Shape x, Shape w) {
        return b.dimension() == 1 ? b.get(0) == w.get(0)
                : b.dimension() == 2 && b.get(0) == x.get(0) && b.get(1) == w.get(0);
    }

    /** The kernel's contract; its implementation needs JDK 22+ and the Vector API module, so it is found at run time. */
    interface Kernel {
        /**
         * y[r][j] = Σₖ x[r][k] · w[j][k] (+ bias) for the output columns [from, to).
         *
         * @param x        activations (m, k), row-major
         * @param w        weights (n, k), row-major float32 in native order
         * @param bias     null, (n) or, when {@code biasRows}, (m, n)
         * @param y        the output (m, n), row-major float32 in native order
         */
        void multiply(float[] x, int m, int k, ByteBuffer w, int n, float[] bias, boolean biasRows, ByteBuffer y,
                int from, int to);

        /** Threads' column ranges start at multiples of this (the kernel's block of weight rows). */
        int columnAlignment();
    }

    private static Optional<Kernel> kernel() {
        if (NativeSettings.fewRows() <= 0) {
            return Optional.empty();
        }
        if (Runtime.version().feature() < 22 || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.info("decode matmuls stay with libtorch: the few-row kernel needs JDK 22+ started with "
                    + "--add-modules=jdk.incubator.vector (as ./strokekg does)");
            return Optional.empty();
        }
        if (!NativeSettings.ompWaitPolicy()) {
            LOG.info("OMP_WAIT_POLICY is not set: libtorch's OpenMP threads will spin after each operation and slow the "
                    + "decode kernel (./strokekg sets PASSIVE)");
        }
        try {
            return Optional.of((Kernel) Class.forName(FewRowLinear.class.getPackageName() + ".VectorKernel")
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.info("decode matmuls stay with libtorch: {}", e.toString());
            return Optional.empty();
        }
    }
}
