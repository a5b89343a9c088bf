package org.strokekg.llm.qwen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.TestAdapters;
import org.strokekg.llm.lora.LoraAdapter;

/**
 * Rows of different unmerged adapters (and of none) decoded together in the graph library's fused step, captured and
 * replayed as one CUDA graph: each row's greedy tokens are those of the same row alone, op by op through its adapter
 * (in FP32, where the fixtures' tokens are exact); and a step of rows that all use the merged model's adapter beside
 * the base gives the merged model's tokens. Skipped without a GPU or where the graph library is not loaded.
 */
class GpuFusedAdapterTest {

    @TempDir
    static Path temp;

    @BeforeAll
    static void needsGraphs() {
        LlmFixtures.reference(); // sets the test thread count before the engine starts
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() > 0 && CudaGraphs.available(),
                "no GPU, or the engine's CUDA graph library is not loaded");
    }

    @AfterEach
    void defaults() {
        CudaGraphs.setEnabled(true);
        CudaGraphs.setFused(true);
    }

    @Test
    void mixedAdapterRowsReplayTheTokensEachRowGetsAloneOpByOp() {
        Path base = LlmFixtures.model("qwen2-gqa-f32");
        Path second = TestAdapters.secondQwen2GqaAdapter(temp);
        int steps = 10;
        // the fixture's own adapter saves lm_head (the fused step does not take it): a second adapter on some
        // projections only (ranks 2 and 3) and a random one on all of them (rank 4)
        try (LoraAdapter b = LoraAdapter.open(second);
                QwenWeights shared = QwenWeights.load(base, Optional.empty(), Device.gpu(), DataType.FLOAT32);
                LoraWeights la = LoraWeights.random(shared, 4, 3, "random");
                LoraWeights lb = LoraWeights.load(shared, b)) {
            List<Optional<LoraWeights>> adapters = List.of(Optional.of(lb), Optional.empty(), Optional.of(la),
                    Optional.of(lb), Optional.of(la));
            List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
            prompts.add(LlmFixtures.prompts().get("zh"));
            CudaGraphs.setEnabled(false);
            List<int[]> alone = new ArrayList<>();
            for (int i = 0; i < adapters.size(); i++) {
                alone.add(greedy(shared, List.of(prompts.get(i)), List.of(adapters.get(i)), steps).get(0));
            }
            CudaGraphs.setEnabled(true);
            CudaGraphs.Stats before = shared.graphStats();
            List<int[]> together = greedy(shared, prompts, adapters, steps);
            CudaGraphs.Stats after = shared.graphStats();
            assertThat(after.captures() - before.captures()).as("one capture of the five rows").isEqualTo(1);
            assertThat(after.replays() - before.replays()).as("decode steps replayed").isEqualTo(steps - 2);
            for (int i = 0; i < adapters.size(); i++) {
                assertThat(together.get(i)).as("row %d", i).containsExactly(alone.get(i));
            }
        }
    }

    @Test
    void anAdapterBesideTheBaseReplaysTheMergedModelsTokens() {
        for (String model : List.of("qwen2-tied", "qwen3", "qwen-v1")) {
            Path base = LlmFixtures.model(model + "-f32");
            try (LoraAdapter lora = LoraAdapter.open(LlmFixtures.model(model + "-lora"));
                    QwenWeights plain = QwenWeights.load(base, Optional.empty(), Device.gpu(), DataType.FLOAT32);
                    QwenWeights merged = QwenWeights.load(base, Optional.of(lora), Device.gpu(), DataType.FLOAT32);
                    LoraWeights beside = LoraWeights.load(plain, lora)) {
                List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
                List<Optional<LoraWeights>> none = new ArrayList<>();
                List<Optional<LoraWeights>> all = new ArrayList<>();
                for (int i = 0; i < prompts.size(); i++) {
                    none.add(Optional.empty());
                    all.add(Optional.of(beside));
                }
                List<int[]> expected = greedy(merged, prompts, none, 12);
                long captures = plain.graphStats().captures();
                List<int[]> got = greedy(plain, prompts, all, 12);
                assertThat(plain.graphStats().captures() - captures).as(model).isEqualTo(1);
                for (int i = 0; i < prompts.size(); i++) {
                    assertThat(got.get(i)).as("%s prompt %d", model, i).containsExactly(expected.get(i));
                }
            }
        }
    }

    /** Greedy tokens of rows decoded together through Forward.step (prompts together, then one token a step). */
    private static List<int[]> greedy(QwenWeights w, List<int[]> prompts, List<Optional<LoraWeights>> adapters,
            int steps) {
        List<KvCache> caches = new ArrayList<>();
        try {
            List<Forward.Row> rows = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                caches.add(w.newCache(prompts.get(i).length + steps));
                rows.add(new Forward.Row(caches.get(i), prompts.get(i), adapters.get(i), false));
            }
            int[][] out = new int[prompts.size()][steps];
            for (int s = 0; s < steps; s++) {
                int[] next = Forward.step(w, rows).argmax();
                rows = new ArrayList<>();
                for (int i = 0; i < next.length; i++) {
                    out[i][s] = next[i];
                    rows.add(new Forward.Row(caches.get(i), new int[] {next[i]}, adapters.get(i), false));
                }
            }
            return List.of(out);
        } finally {
            caches.forEach(KvCache::close);
        }
    }
}
