package org.strokekg.llm.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.lora.LoraAdapter;

/**
 * The engine's logits and greedy tokens against transformers (+ PEFT) on the same tiny random checkpoints. F32 files
 * and BF16 files (widened to F32 here, and there by loading them with dtype=float32) both match within 1e-4; BF16
 * against the F32 original differs by BF16 rounding, which the last check bounds.
 */
class QwenParityTest {

    private static final double TOLERANCE = 1e-4;
    /** BF16 rounding of every weight moves these tiny models' logits by up to ~0.2 (transformers measures the same). */
    private static final double BF16_VS_F32 = 0.35;

    static Stream<Arguments> variants() {
        Stream<Arguments> qwen2And3 = Stream.of("qwen2-gqa", "qwen2-tied", "qwen3").flatMap(m -> Stream.of("f32", "bf16")
                .flatMap(d -> Stream.of("base", "lora").map(a -> Arguments.of(m, d, a))));
        return Stream.concat(qwen2And3, Stream.of(Arguments.of("qwen-v1", "f32", "base"),
                Arguments.of("qwen-v1", "f32", "lora")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void logitsAndGreedyTokensMatchTransformers(String model, String dtype, String adapter) {
        String key = model + "." + dtype + "." + adapter;
        JsonNode ref = LlmFixtures.reference().path("models").path(key);
        Optional<LoraAdapter> lora = adapter.equals("lora")
                ? Optional.of(LoraAdapter.open(LlmFixtures.model(model + "-lora"))) : Optional.empty();
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model(model + "-" + dtype), lora, Device.cpu(),
                DataType.FLOAT32);
             QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
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
                    assertThat(worst).as("%s %s position %d: max |logit - reference|", key, prompt.getKey(),
                            positions[i]).isLessThan(TOLERANCE);
                }
                assertThat(greedy(w, ids, 12)).as("%s %s greedy", key, prompt.getKey())
                        .containsExactly(LlmFixtures.ints(ref.path("greedy").path(prompt.getKey())));
            }
        } finally {
            lora.ifPresent(LoraAdapter::close);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bf16Models")
    void bf16FilesStayCloseToTheF32Original(String model) {
        for (String prompt : LlmFixtures.prompts().keySet()) {
            float[] f32 = LlmFixtures.tensor(model + ".f32.base." + prompt + ".logits");
            float[] bf16 = LlmFixtures.tensor(model + ".bf16.base." + prompt + ".logits");
            double max = 0;
            for (int i = 0; i < f32.length; i++) {
                max = Math.max(max, Math.abs(f32[i] - bf16[i]));
            }
            assertThat(max).as(model + " " + prompt).isLessThan(BF16_VS_F32).isGreaterThan(0);
        }
    }

    static Stream<String> bf16Models() {
        return Stream.of("qwen2-gqa", "qwen2-tied", "qwen3");
    }

    /** Prefill, then one token per step through the cache: the path generation takes. */
    static int[] greedy(QwenWeights w, int[] prompt, int n) {
        int[] out = new int[n];
        try (QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP);
                KvCache cache = rt.newCache(prompt.length + n)) {
            float[] logits = Forward.next(w, cache, prompt);
            for (int i = 0; i < n; i++) {
                out[i] = LlmFixtures.argmax(logits);
                if (i + 1 < n) {
                    logits = Forward.next(w, cache, new int[] {out[i]});
                }
            }
        }
        return out;
    }
}
