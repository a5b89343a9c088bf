package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding tables in the NeoX layout Qwen uses ({@code rotate_half}: the first and second halves of
 * a head are the pairs). Computed in float32 step by step as transformers does (inv_freq, then position · inv_freq,
 * then cos/sin, then the cast to the compute type), so the angles match it at long positions too. Made once per model
 * on its device for every position, so a step only takes a view of its rows.
 */
final class Rope {

    private final float[] invFreq; // (D / 2)

    Rope(int headDim, double theta) {
        this.invFreq = new float[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            invFreq[i] = 1.0f / (float) Math.pow(theta, exponent);
        }
    }

    /** cos (first) and sin (second) for positions 0 .. count-1, each (count, D) in {@code dtype}, outside any scope. */
    NDArray[] tables(NDManager m, int count, DataType dtype) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray positions = m.arange(0, count, 1, DataType.FLOAT32).reshape(count, 1);
            NDArray angles = positions.mul(m.create(invFreq).reshape(1, invFreq.length)); // float32 products
            NDArray both = NDArrays.concat(new NDList(angles, angles), 1);
            NDArray cos = both.cos().toType(dtype, false);
            NDArray sin = both.sin().toType(dtype, false);
            NDScope.unregister(cos, sin);
            return new NDArray[] {cos, sin};
        }
    }

    /**
     * I and R (D, D) in {@code dtype}, R the signed permutation with x·R = rotate_half(x): a step's rotation is one
     * batched matmul x · (I·cos + R·sin) instead of five elementwise operations.
     */
    NDArray[] basis(NDManager m, DataType dtype) {
        int d = invFreq.length * 2;
        int half = d / 2;
        float[] eye = new float[d * d];
        float[] rot = new float[d * d];
        for (int j = 0; j < d; j++) {
            eye[j * d + j] = 1;
            if (j < half) {
                rot[(j + half) * d + j] = -1; // out_j = -x_{j+D/2}
            } else {
                rot[(j - half) * d + j] = 1;  // out_j = x_{j-D/2}
            }
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray i = m.create(eye, new Shape(d, d)).toType(dtype, false);
            NDArray r = m.create(rot, new Shape(d, d)).toType(dtype, false);
            NDScope.unregister(i, r);
            return new NDArray[] {i, r};
        }
    }
}
