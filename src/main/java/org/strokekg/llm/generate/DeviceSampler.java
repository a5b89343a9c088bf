package org.strokekg.llm.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.security.SecureRandom;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.strokekg.llm.request.SamplingOptions;

/**
 * {@link Sampler}'s rules applied to the logits where they are (the GPU), so that only the chosen token id is copied
 * to the host: repetition penalty, temperature, top-k, top-p, then the draw. The same arithmetic as {@code Sampler}
 * (penalty in float64 rounded to float32, {@code (logit - max)} in float32 times 1/T in float64, tokens under e^-30 of
 * the best left out) and the same seeded stream of uniform numbers, so both pick the same token from the same logits;
 * where logits tie exactly the device's sort may order the tied tokens differently (they are equally likely). One per
 * generation. Its few scalars are made per call in the caller's scope (a copy each, after the step's work is done),
 * so it holds no native memory between steps and needs no closing.
 */
final class DeviceSampler {

    private final SamplingOptions options;
    private final SplittableRandom random;

    DeviceSampler(SamplingOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed().orElseGet(() -> new SecureRandom().nextLong()));
    }

    /**
     * The next token from {@code logits} (V, float32, on any device); {@code seen} marks the prompt and output tokens
     * for the repetition penalty. Every array it makes belongs to the caller's NDScope.
     */
    int next(NDArray logits, BitSet seen) {
        NDManager m = logits.getManager();
        NDArray l = logits;
        if (options.repetitionPenalty() != 1.0 && !seen.isEmpty()) {
            l = penalize(l, seen, m.create(0.0), m.create(options.repetitionPenalty()));
        }
        if (options.isGreedy()) {
            return (int) l.argMax().getLong(); // the first of equal maxima, as Sampler.argmax
        }
        NDArray zero = m.create(0.0);
        long v = l.size();
        NDArray invT = m.create(1.0 / options.temperature());
        NDArray z = l.sub(l.max()).toType(DataType.FLOAT64, false).mul(invT);    // (logit - max) / T, all <= 0
        long k = options.topK() > 0 ? Math.min(options.topK(), v) : v;
        NDList sorted = JniUtils.topK((PtNDArray) z, k, 0, true, true);          // most likely first, with ids
        NDArray zs = sorted.get(0);
        NDArray p = NDArrays.where(zs.gte(m.create(-30.0)), zs.exp(), zero); // Sampler's negligible: below e^-30
        NDArray cumulative = p.cumSum(0);
        NDArray kept = cumulative.get(k - 1);                                     // the total
        if (options.topP() < 1.0) {
            // Sampler keeps tokens while the ones before hold less than top_p of the mass: the kept mass is the first
            // running total that reaches top_p · total
            NDArray reached = cumulative.gte(kept.mul(m.create(options.topP())));
            kept = NDArrays.where(reached, cumulative, m.create(Double.POSITIVE_INFINITY)).min();
        }
        NDArray u = kept.mul(m.create(random.nextDouble()));
        NDArray index = cumulative.lt(u).sum().reshape(1);                       // the first running total past u
        return (int) JniUtils.gather((PtNDArray) sorted.get(1), (PtNDArray) index, 0).getLong();
    }

    /** Sampler's penalty on the seen ids' logits: divided when positive, multiplied otherwise, in float64. */
    private static NDArray penalize(NDArray l, BitSet seen, NDArray zero, NDArray penalty) {
        long v = l.size();
        long[] ids = seen.stream().filter(id -> id < v).asLongStream().toArray();
        NDArray index = l.getManager().create(ids);
        NDArray picked = JniUtils.gather((PtNDArray) l, (PtNDArray) index, 0).toType(DataType.FLOAT64, false);
        NDArray changed = NDArrays.where(picked.gt(zero), picked.div(penalty), picked.mul(penalty));
        return JniUtils.scatter((PtNDArray) l, (PtNDArray) index, (PtNDArray) changed.toType(DataType.FLOAT32, false),
                0);
    }
}
