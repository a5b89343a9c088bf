package org.strokekg.llm.qwen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** Graphs replayed, the captured step the library's fused one (the only step that takes adapter rows). */
    private static final QwenRuntime.Options FUSED = new QwenRuntime.Options(true, true);

    @Test
    void mixedAdapterRowsReplayTheTokensEachRowGetsAloneOpByOp() {
        Path base = LlmFixtures.model("qwen2-gqa-f32");
        Path second = TestAdapters.secondQwen2GqaAdapter(temp);
        int steps = 10;
        // the fixture's own adapter saves lm_head (the fused step does not take it): a second adapter on some
        // projections only (ranks 2 and 3) and a random one on all of them (rank 4)
        try (LoraAdapter b = LoraAdapter.open(second);
                QwenWeights shared = QwenWeights.load(base, Optional.empty(), Device.gpu(), DataType.FLOAT32);
                QwenRuntime sharedRt = new QwenRuntime(shared, FUSED);
                QwenRuntime opByOp = new QwenRuntime(shared, QwenRuntime.Options.OP_BY_OP);
                LoraWeights la = randomAdapter(shared, 4, 3);
                LoraWeights lb = LoraWeights.load(shared, b)) {
            List<Optional<LoraWeights>> adapters = List.of(Optional.of(lb), Optional.empty(), Optional.of(la),
                    Optional.of(lb), Optional.of(la));
            List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
            prompts.add(LlmFixtures.prompts().get("zh"));
            List<int[]> alone = new ArrayList<>();
            for (int i = 0; i < adapters.size(); i++) {
                alone.add(greedy(opByOp, List.of(prompts.get(i)), List.of(adapters.get(i)), steps).get(0));
            }
            CudaGraphs.Stats before = sharedRt.graphStats();
            List<int[]> together = greedy(sharedRt, prompts, adapters, steps);
            CudaGraphs.Stats after = sharedRt.graphStats();
            assertThat(after.captures() - before.captures()).as("one capture of the five rows").isEqualTo(1);
            assertThat(after.replays() - before.replays()).as("decode steps replayed").isEqualTo(steps - 2);
            for (int i = 0; i < adapters.size(); i++) {
                assertThat(together.get(i)).as("row %d", i).containsExactly(alone.get(i));
            }
        }
    }

    @Test
    void halfPrecisionRowsOfMixedAdaptersReplayEachRowsTokensAlone() {
        // FP16 takes the shrink inside the projections' grids (or, with STROKEKG_LORA_SHRINK=kernel in the process's
        // environment, the 16-byte shrink kernel) and 16-byte B loads (FP32 the first version's): a row's arithmetic does not
        // depend on the other rows of the step, so together and alone (each captured by itself) give equal tokens;
        // rank 8 (q|k|v 24, gate|up 16) takes the 16-byte B loads, the second adapter's ranks 2 and 3 the scalar ones
        Path base = LlmFixtures.model("qwen2-gqa-f32");
        Path second = TestAdapters.secondQwen2GqaAdapter(temp);
        int steps = 10;
        try (LoraAdapter b = LoraAdapter.open(second);
                QwenWeights shared = QwenWeights.load(base, Optional.empty(), Device.gpu(), DataType.FLOAT16);
                QwenRuntime rt = new QwenRuntime(shared, FUSED);
                LoraWeights la = randomAdapter(shared, 8, 5);
                LoraWeights lb = LoraWeights.load(shared, b)) {
            List<Optional<LoraWeights>> adapters = List.of(Optional.of(la), Optional.of(lb), Optional.empty(),
                    Optional.of(la), Optional.of(lb));
            List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
            prompts.add(LlmFixtures.prompts().get("zh"));
            List<int[]> alone = new ArrayList<>();
            for (int i = 0; i < adapters.size(); i++) {
                alone.add(greedy(rt, List.of(prompts.get(i)), List.of(adapters.get(i)), steps).get(0));
            }
            CudaGraphs.Stats before = rt.graphStats();
            List<int[]> together = greedy(rt, prompts, adapters, steps);
            assertThat(rt.graphStats().captures() - before.captures()).as("one capture of the five rows").isEqualTo(1);
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
                    QwenRuntime plainRt = new QwenRuntime(plain, FUSED);
                    QwenWeights merged = QwenWeights.load(base, Optional.of(lora), Device.gpu(), DataType.FLOAT32);
                    QwenRuntime mergedRt = new QwenRuntime(merged, FUSED);
                    LoraWeights beside = LoraWeights.load(plain, lora)) {
                List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
                List<Optional<LoraWeights>> none = new ArrayList<>();
                List<Optional<LoraWeights>> all = new ArrayList<>();
                for (int i = 0; i < prompts.size(); i++) {
                    none.add(Optional.empty());
                    all.add(Optional.of(beside));
                }
                List<int[]> expected = greedy(mergedRt, prompts, none, 12);
                long captures = plainRt.graphStats().captures();
                List<int[]> got = greedy(plainRt, prompts, all, 12);
                assertThat(plainRt.graphStats().captures() - captures).as(model).isEqualTo(1);
                for (int i = 0; i < prompts.size(); i++) {
                    assertThat(got.get(i)).as("%s prompt %d", model, i).containsExactly(expected.get(i));
                }
            }
        }
    }

    /** Greedy tokens of rows decoded together through Forward.step (prompts together, then one token a step). */
    private static List<int[]> greedy(QwenRuntime rt, List<int[]> prompts, List<Optional<LoraWeights>> adapters,
            int steps) {
        QwenWeights w = rt.weights();
        List<KvCache> caches = new ArrayList<>();
        try {
            List<Forward.Row> rows = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                caches.add(rt.newCache(prompts.get(i).length + steps));
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

    /** A random adapter of {@code rank} on every projection (A and B normal, std 0.02 and 0.04; q|k|v, gate|up fused). */
    private static LoraWeights randomAdapter(QwenWeights base, int rank, long seed) {
        QwenConfig c = base.config();
        NDManager m = NDManager.newBaseManager(base.device(), "PyTorch");
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        long h = c.hiddenSize();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        long inter = c.intermediateSize();
        int n = c.layers();
        LoraWeights.Delta[][] d = new LoraWeights.Delta[4][n];
        for (int i = 0; i < n; i++) {
            d[0][i] = delta(m, base.dtype(), q + 2 * kv, h, 3 * rank);
            d[1][i] = delta(m, base.dtype(), h, q, rank);
            d[2][i] = delta(m, base.dtype(), 2 * inter, h, 2 * rank);
            d[3][i] = delta(m, base.dtype(), h, inter, rank);
        }
        return LoraWeights.of("random", m, base, d[0], d[1], d[2], d[3]);
    }

    private static LoraWeights.Delta delta(NDManager m, DataType dtype, long out, long in, int rank) {
        NDArray a = m.randomNormal(0f, 0.02f, new Shape(rank, in), DataType.FLOAT32).toType(dtype, false);
        NDArray b = m.randomNormal(0f, 0.04f, new Shape(out, rank), DataType.FLOAT32).toType(dtype, false);
        NDScope.unregister(a, b);
        return new LoraWeights.Delta(a, b);
    }
}
