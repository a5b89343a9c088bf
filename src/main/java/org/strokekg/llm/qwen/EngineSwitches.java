package org.strokekg.llm.qwen;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine's process-wide switches as the configuration set them ({@code org.strokekg.llm.EngineOptions#apply}):
 * the CUDA graph library, the malloc tuning and the CPU decode kernel are each taken once, when first used (a native
 * library cannot be unloaded, mallopt is per process, the kernel is a class's constant). Graph replay and the fused
 * step are a {@link QwenRuntime}'s own options; what is kept here is only the configured default for a model loaded
 * without options ({@link QwenRuntime.Options#configured()}). Set by the configuration alone; until then, defaults.
 */
public final class EngineSwitches {

    private static volatile Optional<Path> cudaLib = Optional.empty();
    private static volatile boolean mallocTuning = true;
    private static volatile int fewRows = 16;
    private static volatile boolean ompWaitPolicy = true;
    private static volatile QwenRuntime.Options runtime = QwenRuntime.Options.DEFAULT;

    private EngineSwitches() {
    }

    public static void configure(Optional<Path> lib, boolean cudaGraphs, boolean fusedDecode, boolean malloc,
                                 int rows, boolean omp) {
        cudaLib = lib;
        mallocTuning = malloc;
        fewRows = rows;
        ompWaitPolicy = omp;
        runtime = new QwenRuntime.Options(cudaGraphs, fusedDecode);
    }

    static QwenRuntime.Options runtime() {
        return runtime;
    }

    static Optional<Path> cudaLib() {
        return cudaLib;
    }

    static boolean mallocTuning() {
        return mallocTuning;
    }

    static int fewRows() {
        return fewRows;
    }

    static boolean ompWaitPolicy() {
        return ompWaitPolicy;
    }
}
