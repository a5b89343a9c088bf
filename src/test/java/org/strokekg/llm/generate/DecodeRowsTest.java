package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DeviceSampler;
import org.strokekg.llm.generate.Sampler;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.request.SamplingOptions;

/**
 * A step of several decode rows (one new token each, caches of different lengths), whose attention reads the caches
 * side by side under a segment mask, gives each row the logits it gets alone: on the CPU, and on the GPU where there
 * is one (FP32 both).
 */
class DecodeRowsTest {

    static List<Device> devices() {
        return DeviceSamplerTest.devices();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void decodeRowsTogetherMatchEachRowAlone(Device device) {
        List<int[]> prompts = List.of(LlmFixtures.prompts().get("zh"), LlmFixtures.prompts().get("en"),
                LlmFixtures.prompts().get("long"), LlmFixtures.prompts().get("chat"));
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.empty(), device,
                DataType.FLOAT32);
             QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
            List<KvCache> caches = new ArrayList<>();
            List<Forward.Row> rows = new ArrayList<>();
            float[][] alone = new float[prompts.size()][];
            try {
                for (int i = 0; i < prompts.size(); i++) {
                    int[] p = prompts.get(i);
                    KvCache cache = rt.newCache(p.length + 4);
                    caches.add(cache);
                    int next = LlmFixtures.argmax(Forward.next(w, cache, p));
                    rows.add(new Forward.Row(cache, new int[] {next}, Optional.empty(), true));
                    try (KvCache own = rt.newCache(p.length + 4)) {
                        Forward.next(w, own, p);
                        alone[i] = Forward.next(w, own, new int[] {next});
                    }
                }
                Forward.Output together = Forward.step(w, rows);
                for (int i = 0; i < prompts.size(); i++) {
                    double worst = 0;
                    for (int j = 0; j < alone[i].length; j++) {
                        worst = Math.max(worst, Math.abs(together.logits()[i][j] - alone[i][j]));
                    }
                    assertThat(worst).as("row %d: max |logit together - logit alone|", i).isLessThan(1e-5);
                    assertThat(together.argmax()[i]).isEqualTo(LlmFixtures.argmax(alone[i]));
                    assertThat(caches.get(i).length()).isEqualTo(prompts.get(i).length + 1);
                }
            } finally {
                caches.forEach(KvCache::close);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void aRowsPickerChoosesOnTheDeviceWhatTheHostSamplerChoosesFromTheLogits(Device device) {
        int[] prompt = LlmFixtures.prompts().get("en");
        SamplingOptions sampling = SamplingOptions.sample(0.8, 0.9, 3).withRepetitionPenalty(1.2);
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.empty(), device,
                DataType.FLOAT32);
             QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
            Sampler host = new Sampler(sampling);
            DeviceSampler onDevice = new DeviceSampler(sampling);
            java.util.BitSet seen = new java.util.BitSet();
            for (int id : prompt) {
                seen.set(id);
            }
            try (KvCache a = rt.newCache(prompt.length + 20); KvCache b = rt.newCache(prompt.length + 20)) {
                int[] feedA = prompt;
                int[] feedB = prompt;
                for (int i = 0; i < 16; i++) {
                    Forward.Output withLogits = Forward.step(w, List.of(new Forward.Row(a, feedA, Optional.empty(),
                            true)));
                    Forward.Output picked = Forward.step(w, List.of(new Forward.Row(b, feedB, Optional.empty(), false,
                            Optional.of(logits -> onDevice.next(logits, seen)))));
                    int expected = host.next(withLogits.logits()[0], seen);
                    assertThat(picked.logits()[0]).isNull();
                    assertThat(picked.argmax()[0]).as("step %d", i).isEqualTo(expected);
                    seen.set(expected);
                    feedA = new int[] {expected};
                    feedB = new int[] {expected};
                }
            }
        }
    }
}
