package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;

/**
 * Prompts of one length prefilled together in one step (all rows' attention as one batch, RoPE elementwise) give each
 * row the logits it gets alone, and leave each cache as its own prefill does: the next decode step of the rows together
 * matches each row's alone. On the CPU, and on the GPU where there is one (FP32 both).
 */
class PackedPrefillTest {

    static List<Device> devices() {
        return DeviceSamplerTest.devices();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void promptsOfOneLengthPrefilledTogetherMatchEachAlone(Device device) {
        List<int[]> full = List.of(LlmFixtures.prompts().get("zh"), LlmFixtures.prompts().get("en"),
                LlmFixtures.prompts().get("long"), LlmFixtures.prompts().get("chat"));
        int length = full.stream().mapToInt(p -> p.length).min().orElseThrow();
        List<int[]> prompts = full.stream().map(p -> Arrays.copyOf(p, length)).toList();
        assertThat(length).isGreaterThan(1);
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.empty(), device,
                DataType.FLOAT32);
             QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
            List<KvCache> caches = new ArrayList<>();
            try {
                List<Forward.Row> rows = new ArrayList<>();
                for (int[] p : prompts) {
                    KvCache cache = rt.newCache(length + 4);
                    caches.add(cache);
                    rows.add(new Forward.Row(cache, p, Optional.empty(), true));
                }
                Forward.Output prefilled = Forward.step(w, rows);
                List<Forward.Row> next = new ArrayList<>();
                for (int i = 0; i < prompts.size(); i++) {
                    next.add(new Forward.Row(caches.get(i), new int[] {prefilled.argmax()[i]}, Optional.empty(),
                            true));
                }
                Forward.Output decoded = Forward.step(w, next);
                for (int i = 0; i < prompts.size(); i++) {
                    try (KvCache own = rt.newCache(length + 4)) {
                        float[] alone = Forward.next(w, own, prompts.get(i));
                        assertThat(worst(prefilled.logits()[i], alone)).as("row %d prefill", i).isLessThan(1e-4);
                        assertThat(prefilled.argmax()[i]).isEqualTo(LlmFixtures.argmax(alone));
                        float[] step = Forward.next(w, own, new int[] {prefilled.argmax()[i]});
                        assertThat(worst(decoded.logits()[i], step)).as("row %d decode", i).isLessThan(1e-4);
                    }
                    assertThat(caches.get(i).length()).isEqualTo(length + 1);
                }
            } finally {
                caches.forEach(KvCache::close);
            }
        }
    }

    private static double worst(float[] a, float[] b) {
        double worst = 0;
        for (int j = 0; j < a.length; j++) {
            worst = Math.max(worst, Math.abs(a[j] - b[j]));
        }
        return worst;
    }
}
