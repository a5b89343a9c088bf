package org.strokekg.llm.generate;

import org.strokekg.error.InvalidInputException;

/**
 * How a model's scheduler batches requests.
 *
 * @param maxBatch     requests generating at once (one row each per decode step); more wait their turn. Each holds
 *                     a KV cache, so this bounds memory as well as batch size
 * @param prefillChunk prompt tokens run in one step at most (of all requests together), so a long prompt delays the
 *                     others' next token by one chunk's compute rather than by its whole prefill
 */
public record SchedulerOptions(int maxBatch, int prefillChunk) {

    public SchedulerOptions {
        if (maxBatch < 1 || maxBatch > 256) {
            throw new InvalidInputException("max_batch", "must be between 1 and 256");
        }
        if (prefillChunk < 1) {
            throw new InvalidInputException("prefill_chunk", "must be positive");
        }
    }

    /** 8 requests at once, prompts in chunks of 512 tokens. */
    public static SchedulerOptions defaults() {
        return new SchedulerOptions(8, 512);
    }
}
