package org.strokekg.llm.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.lora.LoraAdapter;

/**
 * The FP16 path the GPU takes (weights cast after the LoRA merge, norms and softmax upcast to FP32), run on the CPU so
 * that it is exercised without a GPU: its logits stay near the F32 reference.
 */
class HalfPrecisionTest {

    @Test
    void fp16WeightsStayCloseToTheF32Reference() {
        try (LoraAdapter lora = LoraAdapter.open(LlmFixtures.model("qwen3-lora"));
                QwenWeights w = QwenWeights.load(LlmFixtures.model("qwen3-f32"), Optional.of(lora), Device.cpu(),
                        DataType.FLOAT16);
                QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
            assertThat(w.dtype()).isEqualTo(DataType.FLOAT16);
            int[] ids = LlmFixtures.prompts().get("en");
            float[][] logits;
            try (KvCache cache = rt.newCache(ids.length)) {
                logits = Forward.all(w, cache, ids);
            }
            float[] expected = LlmFixtures.tensor("qwen3.f32.lora.en.logits");
            int[] positions = LlmFixtures.ints(LlmFixtures.reference().path("models").path("qwen3.f32.lora")
                    .path("positions").path("en"));
            int v = w.config().vocabSize();
            double worst = 0;
            for (int i = 0; i < positions.length; i++) {
                for (int j = 0; j < v; j++) {
                    worst = Math.max(worst, Math.abs(logits[positions[i]][j] - expected[i * v + j]));
                }
            }
            // FP16 keeps 11 bits of mantissa: logits of magnitude ~10 move by a few hundredths
            assertThat(worst).isLessThan(0.15).isGreaterThan(0);
        }
    }
}
