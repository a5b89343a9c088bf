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
 * [from, to). A pass holds two weight rows against four activation rows in eight 256-bit accumulators (sixteen AVX2
 * registers: eight sums, two weight vectors, one activation vector), so each weight element loaded from memory serves
 * four rows at once and the next four rows find the same two weight rows in L1. Separate from {@link FewRowLinear} so
 * the incubating module is loaded only when it is present.
 */
final class VectorKernel implements FewRowLinear.Kernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    VectorKernel() {
    }

    @Override
    public void multiply(float[] x, int m, int k, ByteBuffer w, int n, float[] bias, boolean biasRows, ByteBuffer y,
            int from, int to) {
        multiply(x, m, k, MemorySegment.ofBuffer(w), n, bias, biasRows, MemorySegment.ofBuffer(y), from, to);
    }

    private static void multiply(float[] x, int m, int k, MemorySegment w, int n, float[] bias, boolean biasRows,
            MemorySegment y, int from, int to) {
        int kv = k - k % L;
        for (int j = from; j < to; j += 2) {
            boolean pair = j + 1 < to;
            long w0 = (long) j * k * Float.BYTES;
            long w1 = pair ? w0 + (long) k * Float.BYTES : w0;
            for (int r = 0; r < m; r += 4) {
                int rows = Math.min(4, m - r);
                // missing rows repeat the last real one: the hot loop stays branch-free, their sums are not stored
                int x0 = r * k;
                int x1 = (r + Math.min(1, rows - 1)) * k;
                int x2 = (r + Math.min(2, rows - 1)) * k;
                int x3 = (r + Math.min(3, rows - 1)) * k;
                FloatVector a00 = FloatVector.zero(S);
                FloatVector a01 = a00;
                FloatVector a10 = a00;
                FloatVector a11 = a00;
                FloatVector a20 = a00;
                FloatVector a21 = a00;
                FloatVector a30 = a00;
                FloatVector a31 = a00;
                for (int i = 0; i < kv; i += L) {
                    FloatVector v0 = FloatVector.fromMemorySegment(S, w, w0 + (long) i * Float.BYTES, ORDER);
                    FloatVector v1 = FloatVector.fromMemorySegment(S, w, w1 + (long) i * Float.BYTES, ORDER);
                    FloatVector a = FloatVector.fromArray(S, x, x0 + i);
                    a00 = a.fma(v0, a00);
                    a01 = a.fma(v1, a01);
                    a = FloatVector.fromArray(S, x, x1 + i);
                    a10 = a.fma(v0, a10);
                    a11 = a.fma(v1, a11);
                    a = FloatVector.fromArray(S, x, x2 + i);
                    a20 = a.fma(v0, a20);
                    a21 = a.fma(v1, a21);
                    a = FloatVector.fromArray(S, x, x3 + i);
                    a30 = a.fma(v0, a30);
                    a31 = a.fma(v1, a31);
                }
                store(y, bias, biasRows, n, r, j, a00.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w0, kv, k));
                if (pair) {
                    store(y, bias, biasRows, n, r, j + 1,
                            a01.reduceLanes(VectorOperators.ADD) + tail(x, x0, w, w1, kv, k));
                }
                if (rows > 1) {
                    store(y, bias, biasRows, n, r + 1, j,
                            a10.reduceLanes(VectorOperators.ADD) + tail(x, x1, w, w0, kv, k));
                    if (pair) {
                        store(y, bias, biasRows, n, r + 1, j + 1,
                                a11.reduceLanes(VectorOperators.ADD) + tail(x, x1, w, w1, kv, k));
                    }
                }
                if (rows > 2) {
                    store(y, bias, biasRows, n, r + 2, j,
                            a20.reduceLanes(VectorOperators.ADD) + tail(x, x2, w, w0, kv, k));
                    if (pair) {
                        store(y, bias, biasRows, n, r + 2, j + 1,
                                a21.reduceLanes(VectorOperators.ADD) + tail(x, x2, w, w1, kv, k));
                    }
                }
                if (rows > 3) {
                    store(y, bias, biasRows, n, r + 3, j,
                            a30.reduceLanes(VectorOperators.ADD) + tail(x, x3, w, w0, kv, k));
                    if (pair) {
                        store(y, bias, biasRows, n, r + 3, j + 1,
                                a31.reduceLanes(VectorOperators.ADD) + tail(x, x3, w, w1, kv, k));
                    }
                }
            }
        }
    }

    /** The k % 8 products the vector loop leaves (LoRA ranks such as 4 or 12). */
    private static float tail(float[] x, int xRow, MemorySegment w, long wRow, int from, int k) {
        float s = 0f;
        for (int i = from; i < k; i++) {
            s += x[xRow + i] * w.get(FLOAT, wRow + (long) i * Float.BYTES);
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
