package org.strokekg.llm.request;

import java.time.Duration;

/**
 * What a generation produced.
 *
 * @param text      everything generated, as text (stop token and stop string excluded)
 * @param reasoning the chain of thought when the template's format has one ({@code <think>…</think>}, or
 *                  "## Thinking … ## Final Response"); empty otherwise
 * @param answer    the text after the reasoning (the whole text when there is none)
 * @param tokens    the generated ids, stop token excluded
 */
public record GenerationResult(String text, String reasoning, String answer, int[] tokens, int promptTokens,
        FinishReason finishReason, Timings timings) {

    public GenerationResult {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /**
     * Where the time went: waiting for a place in the scheduler's batch, the prompt's forward pass (which also yields
     * the first token; chunked and shared with other requests' steps when it is long), then one step per further token.
     */
    public record Timings(Duration prefill, Duration decode, int decodeSteps, Duration queued) {

        /** Decode speed: steps after the prompt per second of decoding. */
        public double decodeTokensPerSecond() {
            double s = decode.toNanos() / 1e9;
            return s > 0 ? decodeSteps / s : 0;
        }

        /** Prefill and decode, without the wait for a place. */
        public Duration total() {
            return prefill.plus(decode);
        }
    }
}
