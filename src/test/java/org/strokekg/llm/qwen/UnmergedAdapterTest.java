package org.strokekg.llm.qwen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.TestAdapters;
import org.strokekg.llm.lora.LoraAdapter;

/**
 * Adapters kept beside the base (several per base, chosen per row of a step) against the same adapters merged at load,
 * whose logits {@link QwenParityTest} shows equal to transformers + PEFT.
 */
class UnmergedAdapterTest {

    private static final double TOLERANCE = 1e-4;

    /** Where the weights live: the CPU here, the GPU in {@link GpuUnmergedAdapterTest}. */
    Device device() {
        return Device.cpu();
    }

    @TempDir
    static Path temp;

    static Stream<Arguments> fixtureAdapters() {
        return Stream.of(Arguments.of("qwen2-gqa", "qwen2-gqa-lora"), Arguments.of("qwen2-tied", "qwen2-tied-lora"),
                Arguments.of("qwen3", "qwen3-lora"), Arguments.of("qwen-v1", "qwen-v1-lora"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtureAdapters")
    void unmergedLogitsEqualMergedAndTransformers(String model, String adapter) {
        Path base = LlmFixtures.model(model + "-f32");
        try (LoraAdapter lora = LoraAdapter.open(LlmFixtures.model(adapter));
                QwenWeights plain = QwenWeights.load(base, Optional.empty(), device(), DataType.FLOAT32);
                QwenRuntime plainRt = new QwenRuntime(plain, QwenRuntime.Options.OP_BY_OP);
                QwenWeights merged = QwenWeights.load(base, Optional.of(lora), device(), DataType.FLOAT32);
                QwenRuntime mergedRt = new QwenRuntime(merged, QwenRuntime.Options.OP_BY_OP);
                LoraWeights beside = LoraWeights.load(plain, lora)) {
            int baseArrays = plain.nativeArrays();
            for (Map.Entry<String, int[]> prompt : LlmFixtures.prompts().entrySet()) {
                int[] ids = prompt.getValue();
                float[][] unmerged = all(plain, ids, Optional.of(beside));
                float[][] expected = all(merged, ids, Optional.empty());
                assertThat(maxDiff(unmerged, expected)).as("%s %s unmerged vs merged", adapter, prompt.getKey())
                        .isLessThan(TOLERANCE);
                float[] reference = LlmFixtures.tensor(model + ".f32.lora." + prompt.getKey() + ".logits");
                int[] positions = LlmFixtures.ints(LlmFixtures.reference().path("models").path(model + ".f32.lora")
                        .path("positions").path(prompt.getKey()));
                int v = plain.config().vocabSize();
                for (int i = 0; i < positions.length; i++) {
                    for (int j = 0; j < v; j++) {
                        assertThat((double) Math.abs(unmerged[positions[i]][j] - reference[i * v + j]))
                                .as("%s %s vs transformers", adapter, prompt.getKey()).isLessThan(TOLERANCE);
                    }
                }
                float[][] without = all(plain, ids, Optional.empty());
                assertThat(maxDiff(without, expected)).as("the adapter changes the logits").isGreaterThan(0.01);
            }
            assertThat(plain.nativeArrays()).as("the base is never written or attached to").isEqualTo(baseArrays);
        }
    }

    @Test
    void rowsOfDifferentAdaptersRunTogetherAndEachMatchesItsOwnModel() {
        Path base = LlmFixtures.model("qwen2-gqa-f32");
        Path second = TestAdapters.secondQwen2GqaAdapter(temp);
        try (LoraAdapter a = LoraAdapter.open(LlmFixtures.model("qwen2-gqa-lora"));
                LoraAdapter b = LoraAdapter.open(second);
                QwenWeights shared = QwenWeights.load(base, Optional.empty(), device(), DataType.FLOAT32);
                QwenRuntime sharedRt = new QwenRuntime(shared, QwenRuntime.Options.OP_BY_OP);
                QwenWeights mergedA = QwenWeights.load(base, Optional.of(a), device(), DataType.FLOAT32);
                QwenRuntime mergedARt = new QwenRuntime(mergedA, QwenRuntime.Options.OP_BY_OP);
                QwenWeights mergedB = QwenWeights.load(base, Optional.of(b), device(), DataType.FLOAT32);
                QwenRuntime mergedBRt = new QwenRuntime(mergedB, QwenRuntime.Options.OP_BY_OP);
                LoraWeights la = LoraWeights.load(shared, a);
                LoraWeights lb = LoraWeights.load(shared, b)) {
            // interleaved on purpose: the step groups rows by adapter and must hand results back in the given order
            List<Optional<LoraWeights>> adapters = List.of(Optional.of(lb), Optional.empty(), Optional.of(la),
                    Optional.of(lb), Optional.of(la));
            List<QwenWeights> references = List.of(mergedB, shared, mergedA, mergedB, mergedA);
            List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
            prompts.add(LlmFixtures.prompts().get("zh"));
            int steps = 8;
            List<KvCache> caches = new ArrayList<>();
            try {
                List<Forward.Row> rows = new ArrayList<>();
                for (int i = 0; i < adapters.size(); i++) {
                    caches.add(sharedRt.newCache(prompts.get(i).length + steps));
                    rows.add(new Forward.Row(caches.get(i), prompts.get(i), adapters.get(i), true));
                }
                List<List<float[]>> batched = new ArrayList<>();
                adapters.forEach(x -> batched.add(new ArrayList<>()));
                for (int s = 0; s < steps; s++) {               // the prompts together (ragged), then decode together
                    Forward.Output out = Forward.step(shared, rows);
                    List<Forward.Row> next = new ArrayList<>();
                    for (int i = 0; i < rows.size(); i++) {
                        batched.get(i).add(out.logits()[i]);
                        assertThat(out.argmax()[i]).isEqualTo(LlmFixtures.argmax(out.logits()[i]));
                        next.add(new Forward.Row(caches.get(i), new int[] {out.argmax()[i]}, adapters.get(i), true));
                    }
                    rows = next;
                }
                for (int i = 0; i < adapters.size(); i++) {
                    List<float[]> alone = greedyLogits(references.get(i), prompts.get(i), steps);
                    for (int s = 0; s < steps; s++) {
                        assertThat(maxDiff(new float[][] {batched.get(i).get(s)}, new float[][] {alone.get(s)}))
                                .as("row %d step %d", i, s).isLessThan(TOLERANCE);
                    }
                }
            } finally {
                caches.forEach(KvCache::close);
            }
        }
    }

    @Test
    void adaptersForAnotherModelOrWithSavedModulesBesideTheHeadAreRefused() throws java.io.IOException {
        Path saved = temp.resolve("saves-embedding");
        java.nio.file.Files.createDirectories(saved);
        java.nio.file.Files.writeString(saved.resolve("adapter_config.json"), """
                {"peft_type": "LORA", "r": 2, "lora_alpha": 4, "target_modules": ["q_proj"],
                 "modules_to_save": ["embed_tokens"]}""");
        TestAdapters.writeSafetensors(saved.resolve("adapter_model.safetensors"),
                Map.of("base_model.model.model.embed_tokens.modules_to_save.default.weight", new float[576 * 32]),
                Map.of("base_model.model.model.embed_tokens.modules_to_save.default.weight", new long[] {576, 32}));
        try (LoraAdapter foreign = LoraAdapter.open(LlmFixtures.model("qwen2-gqa-lora"));
                LoraAdapter embedding = LoraAdapter.open(saved);
                QwenWeights qwen3 = QwenWeights.load(LlmFixtures.model("qwen3-f32"), Optional.empty(), device(),
                        DataType.FLOAT32);
                QwenRuntime qwen3Rt = new QwenRuntime(qwen3, QwenRuntime.Options.OP_BY_OP);
                QwenWeights qwen2 = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.empty(),
                        device(), DataType.FLOAT32);
                QwenRuntime qwen2Rt = new QwenRuntime(qwen2, QwenRuntime.Options.OP_BY_OP)) {
            assertThatThrownBy(() -> LoraWeights.load(qwen3, foreign)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> LoraWeights.load(qwen2, embedding)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("merged");
            // merged at load, the same adapter is fine
            QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.of(embedding), device(),
                    DataType.FLOAT32).close();
        }
    }

    private static List<float[]> greedyLogits(QwenWeights w, int[] prompt, int steps) {
        List<float[]> out = new ArrayList<>();
        try (QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP);
                KvCache cache = rt.newCache(prompt.length + steps)) {
            float[] logits = Forward.next(w, cache, prompt);
            out.add(logits);
            for (int s = 1; s < steps; s++) {
                logits = Forward.next(w, cache, new int[] {LlmFixtures.argmax(logits)});
                out.add(logits);
            }
        }
        return out;
    }

    private static float[][] all(QwenWeights w, int[] ids, Optional<LoraWeights> adapter) {
        try (QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP);
                KvCache cache = rt.newCache(ids.length)) {
            return Forward.all(w, cache, ids, adapter);
        }
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }
}
