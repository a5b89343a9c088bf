package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;

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
}
