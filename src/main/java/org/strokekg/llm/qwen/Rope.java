package org.strokekg.llm.qwen;

/**
 * Rotary position embedding tables in the NeoX layout Qwen uses ({@code rotate_half}: the first and second halves of
 * a head are the pairs). Computed in float32 step by step as transformers does (inv_freq, then position · inv_freq,
 * then cos/sin), so the angles match it at long positions too.
 */
final class Rope {

    private final int headDim;
    private final float[] invFreq; // (D / 2)

    Rope(int headDim, double theta) {
        this.headDim = headDim;
        this.invFreq = new float[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) {
            float exponent = (float) (2 * i) / (float) headDim;
            invFreq[i] = 1.0f / (float) Math.pow(theta, exponent);
        }
    }

    /** cos (first) and sin (second) for positions {@code start .. start+count-1}, each (count, D) row-major. */
    float[][] tables(int start, int count) {
        float[] cos = new float[count * headDim];
        float[] sin = new float[count * headDim];
        int half = headDim / 2;
        for (int t = 0; t < count; t++) {
            float pos = start + t;
            for (int i = 0; i < half; i++) {
                float angle = pos * invFreq[i];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                int row = t * headDim;
                cos[row + i] = c;
                cos[row + half + i] = c;
                sin[row + i] = s;
                sin[row + half + i] = s;
            }
        }
        return new float[][] {cos, sin};
    }
}
