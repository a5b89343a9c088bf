package org.strokekg.llm.request;

import java.util.OptionalLong;
import org.strokekg.error.InvalidInputException;

/**
 * How the next token is chosen, in the order transformers applies them: repetition penalty, then temperature, top-k
 * and top-p. Temperature 0 (or top-k 1) is greedy decoding. The same seed and settings give the same tokens.
 *
 * @param topK              keep the k most likely tokens; 0 keeps all
 * @param topP              keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 * @param repetitionPenalty divides positive (multiplies negative) logits of tokens already in the prompt or output;
 *                          1 is off
 * @param seed              for reproducible sampling; empty draws a fresh seed per request
 */
public record SamplingOptions(double temperature, double topP, int topK, double repetitionPenalty, OptionalLong seed) {

    public SamplingOptions {
        if (!(temperature >= 0) || temperature > 100) {
            throw new InvalidInputException("temperature", "must be between 0 and 100");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new InvalidInputException("top_p", "must be in (0, 1]");
        }
        if (topK < 0) {
            throw new InvalidInputException("top_k", "must be 0 (off) or positive");
        }
        if (!(repetitionPenalty > 0) || repetitionPenalty > 10) {
            throw new InvalidInputException("repetition_penalty", "must be in (0, 10]");
        }
    }

    public static SamplingOptions greedy() {
        return new SamplingOptions(0, 1, 0, 1, OptionalLong.empty());
    }

    /** Sampling at {@code temperature} with top-p {@code topP}, no top-k, no penalty. */
    public static SamplingOptions sample(double temperature, double topP, long seed) {
        return new SamplingOptions(temperature, topP, 0, 1, OptionalLong.of(seed));
    }

    public boolean isGreedy() {
        return temperature == 0 || topK == 1;
    }

    public SamplingOptions withRepetitionPenalty(double penalty) {
        return new SamplingOptions(temperature, topP, topK, penalty, seed);
    }

    public SamplingOptions withTopK(int k) {
        return new SamplingOptions(temperature, topP, k, repetitionPenalty, seed);
    }

    public SamplingOptions withSeed(long s) {
        return new SamplingOptions(temperature, topP, topK, repetitionPenalty, OptionalLong.of(s));
    }
}
