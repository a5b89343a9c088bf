package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.cuda.CudaUtils;
import java.util.BitSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DeviceSampler;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.request.SamplingOptions;

/**
 * A long generation on the GPU does not grow device memory: each step's arrays are freed when the step ends, the
 * cache is written in place, and closing the cache and the weights gives their memory back. Skipped without a GPU.
 */
@EnabledIf(value = "org.strokekg.llm.generate.GpuTests#available", disabledReason = GpuTests.NO_GPU)
class GpuMemoryTest {

    private static final int STEPS = 5_000;

    @Test
    void fiveThousandStepsDoNotGrowGpuMemory() {
        Device gpu = GpuTests.device();
        run(gpu, 200); // creates the CUDA context, cuBLAS handles and workspaces once
        long baseline = used(gpu);
        long[] during = run(gpu, STEPS);
        long afterClose = used(gpu);
        System.out.printf("GPU memory: %,d MiB before loading, %,d MiB after %d warm-up steps, %,d MiB after %d more, "
                        + "%,d MiB after closing%n", baseline >> 20, during[0] >> 20, 500, during[1] >> 20,
                STEPS - 500, afterClose >> 20);
        assertThat(during[1] - during[0]).as("device memory growth over %d steps", STEPS - 500).isLessThan(2L << 20);
        assertThat(afterClose - baseline).as("device memory kept after closing the model").isLessThan(4L << 20);
    }

    /** Loads, generates {@code steps} tokens, closes; returns the memory in use after 500 steps and at the end. */
    private static long[] run(Device gpu, int steps) {
        long[] mem = new long[2];
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.empty(), gpu,
                DataType.FLOAT16);
             QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.DEFAULT)) {
            int weightArrays = w.nativeArrays();
            int[] prompt = LlmFixtures.prompts().get("zh");
            BitSet seen = new BitSet();
            DeviceSampler sampler = new DeviceSampler(SamplingOptions.greedy());
            try (KvCache cache = rt.newCache(prompt.length + steps + 1)) {
                int cacheArrays = -1;
                int[] input = prompt;
                for (int i = 0; i < steps; i++) {
                    if (i == Math.min(500, steps - 1)) {
                        mem[0] = used(gpu);
                        cacheArrays = cache.nativeArrays(); // its keys and values
                    }
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        input = new int[] {sampler.next(Forward.lastLogits(w, cache, input), seen)};
                    }
                }
                mem[1] = used(gpu);
                assertThat(cache.nativeArrays()).as("arrays attached to the cache").isEqualTo(cacheArrays);
                assertThat(w.nativeArrays()).as("arrays attached to the weights").isEqualTo(weightArrays);
            }
        }
        return mem;
    }

    private static long used(Device gpu) {
        return gpu.isGpu() ? CudaUtils.getGpuMemory(gpu).getUsed() : 0;
    }
}
