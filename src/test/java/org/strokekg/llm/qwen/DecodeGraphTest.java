package org.strokekg.llm.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strokekg.llm.LlmFixtures;

/**
 * The decode step a CUDA graph records ({@link DecodeGraph}), run op by op on the CPU so that CI covers its arithmetic
 * without a GPU: token ids and positions as device tensors, RoPE rows and cache writes at those positions, attention
 * over each cache's whole capacity under the mask made from them, several rows' caches moved into one array per layer
 * that each cache keeps a view of. Its logits equal the op-by-op step's within 1e-4 at every step, alone and with
 * rows side by side, also after the set of rows changes and when a moved cache goes on op by op.
 */
class DecodeGraphTest {

    /**
     * The FP32 parity bound: the capacity-wide softmax and other reduction orders move the logits by a few 1e-5
     * (libtorch 2.11 on the device machine's CPU: up to 1.4e-5); a wrong column or position moves them by whole units.
     */
    private static final double TOLERANCE = 1e-4;
    private static final int STEPS = 6;

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-gqa-f32", "qwen2-tied-f32", "qwen3-f32", "qwen-v1-f32"})
    void theRecordedStepComputesWhatTheOpByOpStepComputes(String model) {
        List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
        int n = prompts.size();
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model(model), Optional.empty(), Device.cpu(),
                DataType.FLOAT32);
             QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
            List<KvCache> recorded = new ArrayList<>();
            List<KvCache> opByOp = new ArrayList<>();
            int[] next = new int[n];
            try {
                for (int[] p : prompts) {
                    KvCache a = rt.newCache(p.length + 2 * STEPS + 1);
                    KvCache b = rt.newCache(p.length + 2 * STEPS + 1);
                    recorded.add(a);
                    opByOp.add(b);
                    Forward.step(w, List.of(new Forward.Row(a, p, Optional.empty(), false)));
                    next[recorded.size() - 1] = Forward.step(w, List.of(new Forward.Row(b, p, Optional.empty(),
                            false))).argmax()[0];
                }
                // one row alone, then all rows side by side, then all but the last, which goes on op by op
                List<Integer> first = List.of(0);
                List<Integer> all = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    all.add(i);
                }
                List<Integer> fewer = all.subList(0, n - 1);
                for (List<Integer> rows : List.of(first, all, fewer)) {
                    try (DecodeGraph graph = new DecodeGraph(w, rows.stream().map(recorded::get).toList(),
                            NDManager.newBaseManager(Device.cpu(), "PyTorch"), -1)) {
                        for (int s = 0; s < STEPS / 2; s++) {
                            step(w, graph, rows, recorded, opByOp, next, model);
                            if (rows == fewer) { // the row left out: its cache is a view of the last array
                                int last = n - 1;
                                float[] mine = Forward.next(w, recorded.get(last), new int[] {next[last]});
                                float[] theirs = Forward.next(w, opByOp.get(last), new int[] {next[last]});
                                assertThat(maxDifference(mine, theirs)).as("%s the row left out", model)
                                        .isLessThan(TOLERANCE);
                                next[last] = LlmFixtures.argmax(theirs);
                            }
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    assertThat(recorded.get(i).length()).isEqualTo(opByOp.get(i).length());
                }
            } finally {
                recorded.forEach(KvCache::close);
                opByOp.forEach(KvCache::close);
            }
            assertThat(rt.kvCacheBytes()).isZero();
        }
    }

    /** One decode step of {@code rows}: recorded (the graph's step, op by op) against Forward's op-by-op step. */
    private static void step(QwenWeights w, DecodeGraph graph, List<Integer> rows, List<KvCache> recorded,
            List<KvCache> opByOp, int[] next, String model) {
        int r = rows.size();
        float[][] seen = new float[r][];
        List<Forward.Row> batchRows = new ArrayList<>();
        long[] in = new long[3 * r]; // ids, positions, adapter tables (none)
        for (int j = 0; j < r; j++) {
            int i = rows.get(j);
            int row = j;
            batchRows.add(new Forward.Row(recorded.get(i), new int[] {next[i]}, Optional.empty(), false,
                    Optional.of(logits -> {
                        seen[row] = logits.toFloatArray();
                        return LlmFixtures.argmax(seen[row]);
                    })));
            in[j] = next[i];
            in[r + j] = recorded.get(i).length();
        }
        int[] out = graph.runUncaptured(Batch.of(w, batchRows, false), in);
        for (int j = 0; j < r; j++) {
            int i = rows.get(j);
            recorded.get(i).advance(1);
            float[] expected = Forward.next(w, opByOp.get(i), new int[] {next[i]});
            assertThat(maxDifference(seen[j], expected)).as("%s row %d of %d", model, i, r).isLessThan(TOLERANCE);
            assertThat(out[j]).isEqualTo(LlmFixtures.argmax(expected));
            next[i] = out[j];
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
