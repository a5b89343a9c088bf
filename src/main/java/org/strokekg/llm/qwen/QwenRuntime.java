package org.strokekg.llm.qwen;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One loaded model's engine state, kept beside its immutable {@link QwenWeights} rather than inside them (as
 * llama3.java keeps weights apart from the state of a run): the decode steps captured as CUDA graphs
 * ({@link DecodeGraphs}), the bytes its KV caches hold, and the switches it runs with. Every {@link KvCache} comes from
 * a runtime and reports to it. Made after the weights and closed before them; several runtimes may share one set of
 * weights (a benchmark compares steps replayed as graphs with steps run op by op that way).
 */
public final class QwenRuntime implements AutoCloseable {

    /**
     * How this runtime runs decode steps on a GPU.
     *
     * @param cudaGraphs  replay decode steps as CUDA graphs where the engine's graph library is loaded
     * @param fusedDecode capture the library's fused decode step rather than the engine's step written on DJL (only
     *                    the fused step takes rows of unmerged adapters)
     */
    public record Options(boolean cudaGraphs, boolean fusedDecode) {

        /**
         * Graphs on, the fused step on: the device run of 2026-12-07 (s5) passed every GPU test with it and measured it
         * 1.50 × the DJL step at batch 1 and 1.63 × at 8 concurrent.
         */
        public static final Options DEFAULT = new Options(true, true);

        /** Every step op by op. */
        public static final Options OP_BY_OP = new Options(false, false);
    }

    final QwenWeights weights;
    final Options options;
    final AtomicLong kvBytes = new AtomicLong();
    final DecodeGraphs graphs;

    public QwenRuntime(QwenWeights weights, Options options) {
        this.weights = weights;
        this.options = options;
        this.graphs = new DecodeGraphs(this);
    }

    public QwenWeights weights() {
        return weights;
    }

    public Options options() {
        return options;
    }

    /** A fresh cache for one request, holding up to {@code capacity} positions (prompt plus new tokens). */
    public KvCache newCache(int capacity) {
        return new KvCache(this, capacity);
    }

    /** Bytes the KV caches of this runtime hold now, over all requests (zero when none is open). */
    public long kvCacheBytes() {
        return kvBytes.get();
    }

    /** This runtime's CUDA graph counters (all zero where steps run op by op). */
    public CudaGraphs.Stats graphStats() {
        return graphs.stats();
    }

    /** Frees the captured graphs; the weights stay (their owner closes them after this). */
    @Override
    public void close() {
        graphs.close();
    }
}
