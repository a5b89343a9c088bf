package org.strokekg.llm.qwen;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The engine's process-wide native settings, and nothing else: the CUDA graph library, glibc's malloc thresholds, the
 * CPU decode kernel's row limit and whether libtorch's OpenMP threads were told to wait passively. Each is the
 * process's by nature (a native library cannot be unloaded, mallopt is per process, the kernel is a class's constant,
 * the OpenMP policy is read by libtorch when it starts), so each part takes its setting once, when first used, and
 * keeps it for the process's life. They are handed over in one explicit step at start, from the configuration
 * ({@code org.strokekg.llm.EngineOptions#applyProcessWide}), before the first model loads; until then, the defaults.
 * What differs between models (graph replay, the fused step) is not here: each load is given its own
 * {@link QwenRuntime.Options}.
 */
public final class NativeSettings {

    private static volatile Optional<Path> cudaLib = Optional.empty();
    private static volatile boolean mallocTuning = true;
    private static volatile int fewRows = 16;
    private static volatile boolean ompWaitPolicy = true;

    private NativeSettings() {
    }

    /** The process-wide step: call once at start, before the first model loads (later calls reach no part that ran). */
    public static void configure(Optional<Path> lib, boolean malloc, int rows, boolean omp) {
        cudaLib = lib;
        mallocTuning = malloc;
        fewRows = rows;
        ompWaitPolicy = omp;
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
