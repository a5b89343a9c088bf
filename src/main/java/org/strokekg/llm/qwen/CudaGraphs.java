package org.strokekg.llm.qwen;

import ai.djl.engine.Engine;

/**
 * Decode steps on a GPU replayed as CUDA graphs ({@link DecodeGraph}): possible where the engine's graph library is
 * loaded ({@code STROKEKG_CUDA_LIB} or {@code -Dstrokekg.llm.cudaLib}, read by the configuration; built by
 * {@code models/gpu/device-run.sh}), and done where a {@link QwenRuntime}'s options ask for it; what is captured is
 * the library's fused step where the options ask for it and it suits the model, else the engine's step on DJL.
 */
public final class CudaGraphs {

    /**
     * A runtime's graph counters.
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
}
