package org.strokekg.llm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The in-process engine's switches, read once by the configuration and handed to the engine when it loads a model
 * ({@link ModelRegistry#load}) or a command starts it; nothing in {@code llm} reads a system property or the
 * environment itself.
 *
 * @param cudaLib       the engine's CUDA graph library ({@code STROKEKG_CUDA_LIB}, {@code -Dstrokekg.llm.cudaLib}),
 *                      built on a GPU host by {@code models/gpu/device-run.sh}; empty = decode steps run op by op
 * @param cudaGraphs    replay GPU decode steps as CUDA graphs where the library is loaded (default true)
 * @param fusedDecode   capture the library's fused decode step rather than the engine's (opt-in until a GPU has run it)
 * @param mallocTuning  raise glibc's malloc thresholds so freed activations are reused (default true)
 * @param fewRows       the CPU decode kernel's row limit (default 16; 0 = libtorch for every matmul)
 * @param ompWaitPolicy whether {@code OMP_WAIT_POLICY} is set (without it libtorch's threads spin, slowing the kernel)
 */
public record EngineOptions(Optional<Path> cudaLib, boolean cudaGraphs, boolean fusedDecode, boolean mallocTuning,
                            int fewRows, boolean ompWaitPolicy) {

    public static final EngineOptions DEFAULT = new EngineOptions(Optional.empty(), true, false, true, 16, true);

    public EngineOptions {
        if (fewRows < 0) {
            throw new IllegalArgumentException("fewRows must be at least 0, got " + fewRows);
        }
    }

    /** How each model's runtime runs its decode steps (graph replay, the fused step). */
    public org.strokekg.llm.qwen.QwenRuntime.Options runtime() {
        return new org.strokekg.llm.qwen.QwenRuntime.Options(cudaGraphs, fusedDecode);
    }

    /**
     * Hands the switches to the engine; the engine's process-wide parts (native library, allocator, CPU kernel) take
     * them once, and a model loaded without runtime options gets {@link #runtime()}.
     */
    public void apply() {
        org.strokekg.llm.qwen.EngineSwitches.configure(cudaLib, cudaGraphs, fusedDecode, mallocTuning, fewRows,
                ompWaitPolicy);
    }
}
