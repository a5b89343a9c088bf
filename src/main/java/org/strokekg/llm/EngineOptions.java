package org.strokekg.llm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The in-process engine's switches, read once by the configuration and passed down: the per-model part
 * ({@link #runtime()}) with each model load, the process-wide native part in one step at start
 * ({@link #applyProcessWide()}). Nothing in {@code llm} reads a system property or the environment itself.
 *
 * @param cudaLib       the engine's CUDA graph library ({@code STROKEKG_CUDA_LIB}, {@code -Dstrokekg.llm.cudaLib}),
 *                      built on a GPU host by {@code models/gpu/device-run.sh}; empty = decode steps run op by op
 * @param cudaGraphs    replay GPU decode steps as CUDA graphs where the library is loaded (default true)
 * @param fusedDecode   capture the library's fused decode step rather than the engine's (the default since the s5 device run; false: the engine's step on DJL)
 * @param mallocTuning  raise glibc's malloc thresholds so freed activations are reused (default true)
 * @param fewRows       the CPU decode kernel's row limit (default 16; 0 = libtorch for every matmul)
 * @param ompWaitPolicy whether {@code OMP_WAIT_POLICY} is set (without it libtorch's threads spin, slowing the kernel)
 */
public record EngineOptions(Optional<Path> cudaLib, boolean cudaGraphs, boolean fusedDecode, boolean mallocTuning,
                            int fewRows, boolean ompWaitPolicy) {

    public static final EngineOptions DEFAULT = new EngineOptions(Optional.empty(), true, true, true, 16, true);

    public EngineOptions {
        if (fewRows < 0) {
            throw new IllegalArgumentException("fewRows must be at least 0, got " + fewRows);
        }
    }

    /** How each model's runtime runs its decode steps (graph replay, the fused step): passed with each load. */
    public org.strokekg.llm.qwen.QwenRuntime.Options runtime() {
        return new org.strokekg.llm.qwen.QwenRuntime.Options(cudaGraphs, fusedDecode);
    }

    /**
     * The one process-wide step, done once at start before the first model loads (by {@link ModelRegistry#load} for
     * the server, by the engine's commands for themselves): hands the native settings (the CUDA graph library, the
     * malloc tuning, the CPU kernel's rows, the OpenMP wait policy) to {@link org.strokekg.llm.qwen.NativeSettings},
     * where each part takes its own once, when first used, for the life of the process. Nothing per model goes this
     * way.
     */
    public void applyProcessWide() {
        org.strokekg.llm.qwen.NativeSettings.configure(cudaLib, mallocTuning, fewRows, ompWaitPolicy);
    }
}
