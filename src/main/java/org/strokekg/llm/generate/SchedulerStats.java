package org.strokekg.llm.generate;

/**
 * A model scheduler's counters since it started.
 *
 * @param running  requests generating now
 * @param waiting  requests waiting for a place in the batch
 * @param steps    forward steps run
 * @param rowSteps rows over all steps: {@code rowSteps / steps} is the mean batch size
 * @param kvCacheBytes bytes the running requests' KV caches hold now
 * @param tokens   tokens generated (each request's every next token)
 */
public record SchedulerStats(int running, int waiting, long steps, long rowSteps, long kvCacheBytes, long tokens) {

    public double meanBatch() {
        return steps == 0 ? 0 : (double) rowSteps / steps;
    }
}
