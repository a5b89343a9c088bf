package org.strokekg.llm.generate;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.strokekg.llm.request.SamplingOptions;

/**
 * Picks the next token from logits the way transformers' processors do, in their order: repetition penalty,
 * temperature, top-k, top-p, then a draw from what is left. One per generation (it holds the random stream).
 */
final class Sampler {

    /**
     * Tokens less likely than e^-30 of the best one are never candidates: their mass (under 1e-13 each, 2e-8 over a
     * 152k vocabulary) cannot change which tokens top-p keeps, and leaving them out spares sorting the vocabulary.
     */
    private static final double NEGLIGIBLE = 30.0;

    private final SamplingOptions options;
    private final SplittableRandom random;

    Sampler(SamplingOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed().orElseGet(() -> new SecureRandom().nextLong()));
    }

    /** The next token; {@code seen} marks the prompt and output tokens for the repetition penalty. May edit logits. */
    int next(float[] logits, BitSet seen) {
        double penalty = options.repetitionPenalty();
        if (penalty != 1.0) {
            for (int id = seen.nextSetBit(0); id >= 0 && id < logits.length; id = seen.nextSetBit(id + 1)) {
                logits[id] = (float) (logits[id] > 0 ? logits[id] / penalty : logits[id] * penalty);
            }
        }
        if (options.isGreedy()) {
            return argmax(logits);
        }
        double invT = 1.0 / options.temperature();
        float max = logits[argmax(logits)];
        long[] keys = new long[logits.length];
        int n = 0;
        for (int id = 0; id < logits.length; id++) {
            if ((logits[id] - max) * invT >= -NEGLIGIBLE) {
                keys[n++] = ((long) descending(logits[id]) << 32) | id;
            }
        }
        keys = Arrays.copyOf(keys, n);
        Arrays.sort(keys); // most likely first
        if (options.topK() > 0 && n > options.topK()) {
            n = options.topK();
        }
        double[] p = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[(int) keys[i]] - max) * invT);
            total += p[i];
        }
        if (options.topP() < 1.0) {
            // keep a token while the tokens more likely than it hold less than top_p of the mass
            double above = 0;
            int keep = 0;
            while (keep < n && above < options.topP() * total) {
                above += p[keep++];
            }
            n = Math.max(1, keep);
            total = above;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            u -= p[i];
            if (u < 0) {
                return (int) keys[i];
            }
        }
        return (int) keys[n - 1];
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** An int whose signed order is the float's descending order. */
    private static int descending(float f) {
        int bits = Float.floatToIntBits(-f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }
}
