package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelSpec;
import org.strokekg.llm.lora.LoraAdapter;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.request.FinishReason;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;

/**
 * Generation through the public API on the GPU (FP16, the adapter merged): the streamed text is the result's text,
 * and each greedy token is the CPU's choice or, at a near tie, within FP16's error of it. Skipped without a GPU.
 */
@EnabledIf(value = "org.strokekg.llm.generate.GpuTests#available", disabledReason = GpuTests.NO_GPU)
class GpuGenerationTest {

    @Test
    void greedyGenerationOnTheGpuFollowsTheCpu() {
        ModelSpec spec = ModelSpec.of(LlmFixtures.model("qwen2-gqa-f32"))
                .withAdapter(LlmFixtures.model("qwen2-gqa-lora"));
        DevicePreference where = GpuTests.device().isGpu() ? DevicePreference.GPU : DevicePreference.CPU;
        int n = 24;
        try (LanguageModel gpu = LanguageModel.load(spec.withDevice(where));
                LanguageModel cpu = LanguageModel.load(spec.withDevice(DevicePreference.CPU))) {
            if (where == DevicePreference.GPU) {
                assertThat(gpu.info().device()).startsWith("gpu");
                assertThat(gpu.info().dtype()).isEqualTo("float16");
            }
            GenerationRequest request = GenerationRequest.builder(new Prompt.Tokens(LlmFixtures.prompts().get("long")))
                    .maxNewTokens(n).build();
            List<String> pieces = new ArrayList<>();
            GenerationResult onGpu = gpu.generate(request, pieces::add);
            GenerationResult onCpu = cpu.generate(request, s -> { });
            assertThat(String.join("", pieces)).isEqualTo(onGpu.text());
            assertThat(onGpu.finishReason()).isEqualTo(FinishReason.LENGTH);
            double[] check;
            try (LoraAdapter lora = LoraAdapter.open(LlmFixtures.model("qwen2-gqa-lora"));
                    QwenWeights fp16 = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.of(lora),
                            GpuTests.device(), DataType.FLOAT16);
                    QwenWeights fp32 = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.of(lora),
                            Device.cpu(), DataType.FLOAT32)) {
                check = GpuTests.checkAgainstCpu(fp16, fp32, LlmFixtures.prompts().get("long"), onGpu.tokens(),
                        GpuParityTest.FP16_TOLERANCE, "generate");
            }
            System.out.printf("GPU generation: %d tokens, %d the CPU's choice on the same prefix; GPU %s, CPU %s%n", n,
                    (int) check[0], java.util.Arrays.toString(onGpu.tokens()), java.util.Arrays.toString(onCpu.tokens()));
            assertThat(onGpu.tokens()).hasSize(n);
        }
    }

    @Test
    void seededSamplingOnTheGpuIsReproducible() {
        DevicePreference where = GpuTests.device().isGpu() ? DevicePreference.GPU : DevicePreference.CPU;
        try (LanguageModel gpu = LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen3-f32")).withDevice(where))) {
            GenerationRequest request = GenerationRequest.builder(new Prompt.Tokens(LlmFixtures.prompts().get("zh")))
                    .sampling(SamplingOptions.sample(0.9, 0.95, 17).withRepetitionPenalty(1.1)).maxNewTokens(32)
                    .build();
            int[] first = gpu.generate(request, s -> { }).tokens();
            int[] second = gpu.generate(request, s -> { }).tokens();
            assertThat(first).hasSize(32).containsExactly(second);
            GenerationResult greedy = gpu.generate(GenerationRequest.builder(new Prompt.Tokens(
                    LlmFixtures.prompts().get("zh"))).maxNewTokens(32).build(), s -> { });
            assertThat(first).as("sampling is not greedy decoding").isNotEqualTo(greedy.tokens());
        }
    }
}
