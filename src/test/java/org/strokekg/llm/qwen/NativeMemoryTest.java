package org.strokekg.llm.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.NativeHeap;

/**
 * A 10,000-token generation on a tiny model with a long context (32,768 positions) must not grow the process: every
 * step's arrays close with its scope, the cache is written in place, and nothing attaches to the weights.
 */
class NativeMemoryTest {

    @Test
    void tenThousandStepsDoNotGrowTheProcess() throws InterruptedException {
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.empty(), Device.cpu(),
                DataType.FLOAT32);
             QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
            assertThat(w.config().maxPositions()).isEqualTo(32768);
            int weightArrays = w.nativeArrays();
            int[] prompt = LlmFixtures.prompts().get("zh");
            int steps = 10_000;
            try (KvCache cache = rt.newCache(prompt.length + steps + 1)) {
                int cacheArrays = cache.nativeArrays();
                int token = LlmFixtures.argmax(Forward.next(w, cache, prompt));
                for (int i = 0; i < 1000; i++) { // warm-up: allocator pools, JIT
                    token = LlmFixtures.argmax(Forward.next(w, cache, new int[] {token}));
                }
                // the C heap in use moves by several MiB between samples (other threads' transient blocks: JIT,
                // intra-op pools), which only ever add: the least of three samples early and three late is the floor
                // each time, and a leak raises every later sample
                long before = Long.MAX_VALUE;
                long after = Long.MAX_VALUE;
                for (int i = 1000; i < steps; i++) {
                    if (i == 1000 || i == 2500 || i == 4000) {
                        before = Math.min(before, NativeHeap.settledInUse());
                    } else if (i == 7000 || i == 8500) {
                        after = Math.min(after, NativeHeap.settledInUse());
                    }
                    token = LlmFixtures.argmax(Forward.next(w, cache, new int[] {token}));
                }
                after = Math.min(after, NativeHeap.settledInUse());
                System.out.printf("C heap in use (least of three samples): %,d early, %,d late%n", before, after);
                assertThat(cache.length()).isEqualTo(prompt.length + steps);
                assertThat(cache.nativeArrays()).as("arrays attached to the cache").isEqualTo(cacheArrays);
                assertThat(w.nativeArrays()).as("arrays attached to the weights").isEqualTo(weightArrays);
                // measured here: -0.2 MiB as it is; +0.6 MiB with one leaked 1-element tensor a step (the array counts
                // above catch that one); any leaked activation (hundreds of bytes and up) shows as several MiB over
                // the ~5,000 steps between the early and the late samples; with nothing leaked a fresh-clone run
                // beside other builds measured +1.16 MiB (2026-12-07), so the bound is 2 MiB, still under one
                // leaked activation's several MiB
                assertThat(after - before).as("C heap growth in bytes, early to late samples").isLessThan(2L << 20);
            }
        }
    }
}
