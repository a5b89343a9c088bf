package org.strokekg.llm.qwen;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The few-row matmul of {@link FewRowLinear}: y[r][j] = Σₖ x[r][k] · w[j][k] (+ bias) for output columns
 * [from, to). A pass holds four weight rows against two activation rows in eight 256-bit accumulators (with the two
 * activation vectors and one weight vector, eleven of the sixteen AVX2 registers), so each weight element loaded from
 * memory serves both rows, four weight streams keep the memory busy, and the next two rows find the same four weight
 * rows in L1. A last odd row takes four weight rows alone. Measured alone (2 threads): 9728×896 at 1 row 1.5 ms, at 8
 * rows 2.8 ms (MKL 2.5 and 7.1 ms); the 151,936-row head 21 and 38 ms (MKL 33 and 105 ms). Separate from
 * {@link FewRowLinear} so the incubating module is loaded only when it is present.
 */
final class VectorKernel implements FewRowLinear.Kernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final long ROW = Float.BYTES;

    VectorKernel() {
    }

    @Override
    public int columnAlignment() {
        return 4;
    }

    @Override
    public void multiply(float[] x, int m, int k, ByteBuffer w, int n, float[] bias, boolean biasRows, ByteBuffer y,
            int from, int to) {
        multiply(x, m, k, MemorySegment.ofBuffer(w), n, bias, biasRows, MemorySegment.ofBuffer(y), from, to);
    }

    private static void multiply(float[] x, int m, int k, MemorySegment w, int n, float[] bias, boolean biasRows,
            MemorySegment y, int from, int to) {
        int kv = k - k % L;
        long stride = (long) k * ROW;
        int j = from;
        for (; j + 4 <= to; j += 4) {
            long w0 = j * stride;
            long w1 = w0 + stride;
            long w2 = w1 + stride;
            long w3 = w2 + stride;
            int r = 0;
            for (; r + 2 <= m; r += 2) {
                int x0 = r * k;
                int x1 = x0 + k;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                FloatVector b0 = a0;
                FloatVector b1 = a0;
                FloatVector b2 = a0;
                FloatVector b3 = a0;
                for (int i = 0; i < kv; i += L) {
                    FloatVector u = FloatVector.fromArray(S, x, x0 + i);
                    FloatVector v = FloatVector.fromArray(S, x, x1 + i);
                    long at = i * ROW;
                    FloatVector q = FloatVector.fromMemorySegment(S, w, w0 + at, ORDER);
                    a0 = q.fma(u, a0);
                    b0 = q.fma(v, b0);
                    q = FloatVector.fromMemorySegment(S, w, w1 + at, ORDER);
                    a1 = q.fma(u, a1);
                    b1 = q.fma(v, b1);
                    q = FloatVector.fromMemorySegment(S, w, w2 + at, ORDER);
                    a2 = q.fma(u, a2);
                    b2 = q.fma(v, b2);
                    q = FloatVector.fromMemorySegment(S, w, w3 + at, ORDER);
                    a3 = q.fma(u, a3);
                    b3 = q.fma(v, b3);
                }
                store(y, bias, biasRows, n, r, j, a0.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w0, kv, k));
                store(y, bias, biasRows, n, r, j + 1, a1.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w1, kv, k));
                store(y, bias, biasRows, n, r, j + 2, a2.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w2, kv, k));
                store(y, bias, biasRows, n, r, j + 3, a3.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w3, kv, k));
                store(y, bias, biasRows, n, r + 1, j, b0.reduceLanes(VectorOperators.ADD) + tail(x, x1, w, w0, kv, k));
                store(y, bias, biasRows, n, r + 1, j + 1,
                        b1.reduceLanes(VectorOperators.ADD) + tail(x, x1, w, w1, kv, k));
                store(y, bias, biasRows, n, r + 1, j + 2,
                        b2.reduceLanes(VectorOperators.ADD) + tail(x, x1, w, w2, kv, k));
                store(y, bias, biasRows, n, r + 1, j + 3,
                        b3.reduceLanes(VectorOperators.ADD) + tail(x, x1, w, w3, kv, k));
            }
            if (r < m) {                                   // an odd last row: four weight rows against it alone
                int x0 = r * k;
                FloatVector a0 = FloatVector.zero(S);
                FloatVector a1 = a0;
                FloatVector a2 = a0;
                FloatVector a3 = a0;
                for (int i = 0; i < kv; i += L) {
                    FloatVector u = FloatVector.fromArray(S, x, x0 + i);
                    long at = i * ROW;
                    a0 = FloatVector.fromMemorySegment(S, w, w0 + at, ORDER).fma(u, a0);
                    a1 = FloatVector.fromMemorySegment(S, w, w1 + at, ORDER).fma(u, a1);
                    a2 = FloatVector.fromMemorySegment(S, w, w2 + at, ORDER).fma(u, a2);
                    a3 = FloatVector.fromMemorySegment(S, w, w3 + at, ORDER).fma(u, a3);
                }
                store(y, bias, biasRows, n, r, j, a0.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w0, kv, k));
                store(y, bias, biasRows, n, r, j + 1, a1.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w1, kv, k));
                store(y, bias, biasRows, n, r, j + 2, a2.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w2, kv, k));
                store(y, bias, biasRows, n, r, j + 3, a3.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w3, kv, k));
            }
        }
        for (; j < to; j++) {                              // the last n % 4 weight rows, one at a time
            long w0 = j * stride;
            for (int r = 0; r < m; r++) {
                int x0 = r * k;
                FloatVector a0 = FloatVector.zero(S);
                for (int i = 0; i < kv; i += L) {
                    a0 = FloatVector.fromMemorySegment(S, w, w0 + i * ROW, ORDER)
                            .fma(FloatVector.fromArray(S, x, x0 + i), a0);
                }
                store(y, bias, biasRows, n, r, j, a0.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w0, kv, k));
            }
        }
    }

    /** The k % 8 products the vector loop leaves (LoRA ranks such as 4 or 12). */
    private static float tail(float[] x, int xRow, MemorySegment w, long wRow, int from, int k) {
        float s = 0f;
        for (int i = from; i < k; i++) {
            s += x[xRow + i] * w.get(FLOAT, wRow + i * ROW);
        }
        return s;
    }

    private static void store(MemorySegment y, float[] bias, boolean biasRows, int n, int r, int j, float sum) {
        long at = (long) r * n + j;
        if (bias != null) {
            sum += bias[biasRows ? (int) at : j];
        }
        y.setAtIndex(FLOAT, at, sum);
    }
}
