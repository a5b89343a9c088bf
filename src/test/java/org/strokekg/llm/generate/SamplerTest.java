package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.strokekg.llm.generate.Sampler;
import org.strokekg.llm.request.SamplingOptions;

class SamplerTest {

    private static final BitSet NONE = new BitSet();

    @Test
    void greedyTakesTheLargestLogit() {
        assertThat(new Sampler(SamplingOptions.greedy()).next(new float[] {1, 3, 2}, NONE)).isEqualTo(1);
    }

    @Test
    void samplingFollowsTheSoftmax() {
        Sampler s = new Sampler(SamplingOptions.sample(1.0, 1.0, 11));
        float[] logits = {0f, (float) Math.log(3)}; // 25% / 75%
        int ones = 0;
        for (int i = 0; i < 20_000; i++) {
            ones += s.next(logits.clone(), NONE);
        }
        assertThat(ones / 20_000.0).isBetween(0.73, 0.77);
    }

    @Test
    void temperatureSharpens() {
        Sampler s = new Sampler(new SamplingOptions(0.25, 1.0, 0, 1.0, OptionalLong.of(5)));
        float[] logits = {0f, (float) Math.log(3)}; // at T=0.25: 1 : 81
        int ones = 0;
        for (int i = 0; i < 20_000; i++) {
            ones += s.next(logits.clone(), NONE);
        }
        assertThat(ones / 20_000.0).isBetween(0.98, 0.995);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // probabilities 0.5, 0.3, 0.2: top_p 0.7 keeps the first two (0.5 < 0.7, 0.8 >= 0.7)
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
        Sampler s = new Sampler(SamplingOptions.sample(1.0, 0.7, 3));
        int[] counts = new int[3];
        for (int i = 0; i < 20_000; i++) {
            counts[s.next(logits.clone(), NONE)]++;
        }
        assertThat(counts[2]).isZero();
        assertThat(counts[0] / 20_000.0).isBetween(0.595, 0.655); // 0.5 / 0.8
    }

    @Test
    void topKKeepsTheKMostLikely() {
        float[] logits = {5, 4, 3, 2, 1};
        Sampler s = new Sampler(SamplingOptions.sample(1.0, 1.0, 3).withTopK(2));
        for (int i = 0; i < 5_000; i++) {
            assertThat(s.next(logits.clone(), NONE)).isIn(0, 1);
        }
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        BitSet seen = new BitSet();
        seen.set(0);
        seen.set(2);
        float[] logits = {3f, 2f, -1f};
        new Sampler(SamplingOptions.greedy().withRepetitionPenalty(2.0)).next(logits, seen);
        assertThat(logits).containsExactly(1.5f, 2f, -2f);
        assertThat(new Sampler(SamplingOptions.greedy().withRepetitionPenalty(2.0)).next(new float[] {3f, 2f, -1f}, seen))
                .isEqualTo(1);
    }
}
