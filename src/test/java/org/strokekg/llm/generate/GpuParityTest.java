package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.lora.LoraAdapter;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;

/**
 * The fixtures' transformers reference reproduced on the GPU: in FP32 the logits within 1e-4 and the greedy tokens
 * identical (the CPU path's, which {@code QwenParityTest} checks); in FP16, the GPU's serving type, the logits within
 * {@link #FP16_TOLERANCE} at the reference positions and at every greedy step, and each greedy token the CPU's choice
 * or, at a near tie, within twice that of it ({@link GpuTests#checkAgainstCpu}). Skipped where there is no GPU.
 */
@EnabledIf(value = "org.strokekg.llm.generate.GpuTests#available", disabledReason = GpuTests.NO_GPU)
class GpuParityTest {

    private static final double FP32_TOLERANCE = 1e-4;
    /** FP16 keeps 11 bits: these tiny models' logits (magnitude up to ~10) move by a few hundredths. */
    static final double FP16_TOLERANCE = 0.3;
    private static final int GREEDY = 12;

    /** The variants of {@code QwenParityTest}: three layouts, F32 and BF16 files, base and LoRA; Qwen v1. */
    static Stream<Arguments> variants() {
        Stream<Arguments> qwen2And3 = Stream.of("qwen2-gqa", "qwen2-tied", "qwen3").flatMap(m -> Stream.of("f32", "bf16")
                .flatMap(d -> Stream.of("base", "lora").map(a -> Arguments.of(m, d, a))));
        return Stream.concat(qwen2And3, Stream.of(Arguments.of("qwen-v1", "f32", "base"),
                Arguments.of("qwen-v1", "f32", "lora")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void fp32OnTheGpuMatchesTransformers(String model, String dtype, String adapter) {
        check(model, dtype, adapter, DataType.FLOAT32);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void fp16OnTheGpuStaysWithinItsTolerance(String model, String dtype, String adapter) {
        check(model, dtype, adapter, DataType.FLOAT16);
    }

    private static void check(String model, String dtype, String adapter, DataType type) {
        String key = model + "." + dtype + "." + adapter;
        JsonNode ref = LlmFixtures.reference().path("models").path(key);
        Optional<LoraAdapter> lora = adapter.equals("lora")
                ? Optional.of(LoraAdapter.open(LlmFixtures.model(model + "-lora"))) : Optional.empty();
        double tolerance = type == DataType.FLOAT32 ? FP32_TOLERANCE : FP16_TOLERANCE;
        double worstOfAll = 0;
        int compared = 0;
        int identical = 0;
        int identicalToCpu = 0;
        double worstStep = 0;
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model(model + "-" + dtype), lora, GpuTests.device(), type);
             QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.DEFAULT);
                QwenWeights cpu = QwenWeights.load(LlmFixtures.model(model + "-" + dtype), lora, Device.cpu(),
                        DataType.FLOAT32);
                QwenRuntime cpuRt = new QwenRuntime(cpu, QwenRuntime.Options.DEFAULT)) {
            assertThat(w.device()).isEqualTo(GpuTests.device());
            for (Map.Entry<String, int[]> prompt : LlmFixtures.prompts().entrySet()) {
                int[] ids = prompt.getValue();
                float[][] logits;
                try (KvCache cache = rt.newCache(ids.length)) {
                    logits = Forward.all(w, cache, ids);
                }
                float[] expected = LlmFixtures.tensor(key + "." + prompt.getKey() + ".logits");
                int[] positions = LlmFixtures.ints(ref.path("positions").path(prompt.getKey()));
                int v = w.config().vocabSize();
                for (int i = 0; i < positions.length; i++) {
                    double worst = 0;
                    for (int j = 0; j < v; j++) {
                        worst = Math.max(worst, Math.abs(logits[positions[i]][j] - expected[i * v + j]));
                    }
                    worstOfAll = Math.max(worstOfAll, worst);
                    assertThat(worst).as("%s %s %s position %d: max |logit - reference|", key, type, prompt.getKey(),
                            positions[i]).isLessThan(tolerance);
                }
                int[] reference = LlmFixtures.ints(ref.path("greedy").path(prompt.getKey()));
                int[] onGpu = GpuTests.greedy(w, ids, GREEDY);
                for (int i = 0; i < GREEDY && onGpu[i] == reference[i]; i++) {
                    identical++;
                }
                if (type == DataType.FLOAT32) {
                    assertThat(onGpu).as("%s %s greedy", key, prompt.getKey()).containsExactly(reference);
                    compared += GREEDY;
                } else {
                    compared += GREEDY;
                    double[] check = GpuTests.checkAgainstCpu(w, cpu, ids, onGpu, tolerance, key + " " + prompt.getKey());
                    identicalToCpu += (int) check[0];
                    worstStep = Math.max(worstStep, check[1]);
                }
            }
        } finally {
            lora.ifPresent(LoraAdapter::close);
        }
        System.out.printf("GPU %s %s: worst |logit - reference| %.2e (tolerance %.0e); greedy tokens: %d, the reference's "
                + "up to the first difference %d%s%n", key, type, worstOfAll, tolerance, compared, identical,
                type == DataType.FLOAT32 ? "" : ", the CPU's choice on the same prefix " + identicalToCpu
                        + String.format(" (worst |FP16 - FP32| over the greedy steps %.2e)", worstStep));
        assertThat(compared).as("greedy tokens compared").isPositive();
    }
}
