package org.strokekg.llm.qwen;

import ai.djl.engine.Engine;

/**
 * Whether decode steps on a GPU are replayed as CUDA graphs ({@link DecodeGraph}): on by default where the
 * engine's graph library is loaded ({@code -Dstrokekg.llm.cudaLib} or {@code STROKEKG_CUDA_LIB}; built by
 * {@code models/gpu/device-run.sh}), off with {@code -Dstrokekg.llm.cudaGraphs=false}; what is captured is the
 * library's fused step where it suits the model, else the engine's step on DJL ({@link #fused()}). Benchmarks and
 * tests switch both to compare the paths in one process.
 */
public final class CudaGraphs {

    private static volatile boolean enabled = !"false".equals(System.getProperty("strokekg.llm.cudaGraphs"));
    // opt-in until a device run has checked the fused kernels against the op-by-op path (none could run yet)
    private static volatile boolean fused = "true".equals(System.getProperty("strokekg.llm.fusedDecode"));

    /**
     * A model's graph counters.
     *
     * @param graphs        graphs held now
     * @param captures      steps captured (each also ran as the real step)
     * @param replays       steps replayed
     * @param captureMillis time spent capturing and instantiating the graphs, with the steps they ran
     */
    public record Stats(int graphs, long captures, long replays, double captureMillis) {
    }

    private CudaGraphs() {
    }

    /** Whether the graph library is loaded (only ever true on a GPU host that built it); starts DJL's engine. */
    public static boolean available() {
        Engine.getEngine("PyTorch");
        return CudaNative.available();
    }

    public static boolean enabled() {
        return enabled;
    }

    /** Turns graph replay on or off for later steps (graphs already captured are kept and reused when on). */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * Whether a captured step is the graph library's fused kernels ({@link FusedDecode}; opt-in with {@code
     * -Dstrokekg.llm.fusedDecode=true} until it has run on a GPU) rather than the engine's step written on DJL; only
     * the fused step takes rows of unmerged adapters. Graphs captured before a change keep their kind.
     */
    public static boolean fused() {
        return fused;
    }

    public static void setFused(boolean on) {
        fused = on;
    }

    static void turnOff() {
        enabled = false;
    }
}
