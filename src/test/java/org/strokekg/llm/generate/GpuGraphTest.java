package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.cuda.CudaUtils;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.GenerationHandle;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.SchedulerOptions;
import org.strokekg.llm.lora.LoraAdapter;
import org.strokekg.llm.qwen.CudaGraphs;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;
import org.strokekg.llm.request.TokenSink;
import org.strokekg.llm.tokenizer.TextTokenizer;

/**
 * Greedy decode steps replayed as CUDA graphs give the tokens of the same steps run op by op on the GPU and of the
 * CPU path: on every fixture layout (Qwen2 GQA, Qwen2 tied, Qwen3, Qwen v1; base and LoRA merged), in FP32 exactly
 * (and = transformers' reference), in FP16 within the GPU tests' tolerance of the CPU; several rows in one graph as
 * each row alone; through the scheduler; and device memory stays flat over thousands of replays and comes back when
 * the cache and the model close. Skipped without a GPU or where the engine's graph library is not loaded.
 */
@EnabledIf(value = "org.strokekg.llm.generate.GpuTests#available", disabledReason = GpuTests.NO_GPU)
class GpuGraphTest {

    private static final int GREEDY = 12;

    /** Per test, not in {@code @BeforeAll}: surefire lists each test as skipped with the reason (SUREFIRE-2300). */
    @BeforeEach
    void needsGraphs() {
        assumeTrue(GpuTests.device().isGpu() && CudaGraphs.available(),
                "the engine's CUDA graph library is not loaded (-Dstrokekg.llm.cudaLib)");
    }

    /** The captured step: the engine's step written on DJL, or the graph library's fused one. */
    private static QwenRuntime.Options captured(boolean fused) {
        return new QwenRuntime.Options(true, fused); // both steps, whichever is the default
    }

    static Stream<Arguments> variants() {
        return Stream.of("qwen2-gqa", "qwen2-tied", "qwen3", "qwen-v1")
                .flatMap(m -> Stream.of("base", "lora").flatMap(a -> Stream.of(false, true)
                        .map(fused -> Arguments.of(m, a, fused))));
    }

    @ParameterizedTest(name = "{0} {1} fused {2}")
    @MethodSource("variants")
    void fp32ReplayedStepsGiveTheTokensOfTheOpByOpPathAndOfTransformers(String model, String adapter, boolean fused) {
        check(model, adapter, DataType.FLOAT32, fused);
    }

    @ParameterizedTest(name = "{0} {1} fused {2}")
    @MethodSource("variants")
    void fp16ReplayedStepsFollowTheCpu(String model, String adapter, boolean fused) {
        check(model, adapter, DataType.FLOAT16, fused);
    }

    private static void check(String model, String adapter, DataType type, boolean fused) {
        String key = model + ".f32." + adapter;
        JsonNode ref = LlmFixtures.reference().path("models").path(key);
        Optional<LoraAdapter> lora = adapter.equals("lora")
                ? Optional.of(LoraAdapter.open(LlmFixtures.model(model + "-lora"))) : Optional.empty();
        int sameAsOpByOp = 0;
        int sameAsCpu = 0;
        int compared = 0;
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model(model + "-f32"), lora, GpuTests.device(), type);
                QwenRuntime rt = new QwenRuntime(w, captured(fused));
                QwenRuntime opRt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP);
                QwenWeights cpu = QwenWeights.load(LlmFixtures.model(model + "-f32"), lora, Device.cpu(),
                        DataType.FLOAT32)) {
            for (Map.Entry<String, int[]> prompt : LlmFixtures.prompts().entrySet()) {
                int[] ids = prompt.getValue();
                CudaGraphs.Stats before = rt.graphStats();
                int[] replayed = greedySteps(rt, ids, GREEDY);
                CudaGraphs.Stats after = rt.graphStats();
                assertThat(after.captures() - before.captures()).as("%s captures", key).isEqualTo(1);
                assertThat(after.replays() - before.replays()).as("%s replays", key).isEqualTo(GREEDY - 2);
                assertThat(after.graphs()).as("graphs held after the cache closed").isZero();
                int[] opByOp = greedySteps(opRt, ids, GREEDY);
                int[] picked = GpuTests.greedy(w, ids, GREEDY); // the device sampler's greedy path
                assertThat(rt.graphStats().captures()).isEqualTo(after.captures());
                assertThat(opByOp).as("%s %s: op by op, argmax in the step = device sampler", key, prompt.getKey())
                        .containsExactly(picked);
                compared += GREEDY;
                for (int i = 0; i < GREEDY && replayed[i] == opByOp[i]; i++) {
                    sameAsOpByOp++;
                }
                if (type == DataType.FLOAT32) {
                    assertThat(replayed).as("%s %s: replayed = op by op", key, prompt.getKey()).containsExactly(opByOp);
                    assertThat(replayed).as("%s %s: replayed = transformers", key, prompt.getKey())
                            .containsExactly(LlmFixtures.ints(ref.path("greedy").path(prompt.getKey())));
                } else {
                    double[] c = GpuTests.checkAgainstCpu(w, cpu, ids, replayed, GpuParityTest.FP16_TOLERANCE,
                            key + " " + prompt.getKey() + " replayed");
                    sameAsCpu += (int) c[0];
                }
            }
        } finally {
            lora.ifPresent(LoraAdapter::close);
        }
        System.out.printf("CUDA graph%s %s %s: %d greedy tokens, replayed = op by op up to the first difference: %d%s%n",
                fused ? " (fused step)" : "", key, type, compared, sameAsOpByOp, type == DataType.FLOAT32 ? ""
                        : ", the CPU's choice on the same prefix: " + sameAsCpu);
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {false, true})
    void severalRowsInOneGraphGetWhatEachGetsAloneAlsoWhenTheSetChanges(boolean fused) {
        List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
        int steps = 10;
        int last = prompts.size() - 1;
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.empty(),
                GpuTests.device(), DataType.FLOAT32);
                QwenRuntime rt = new QwenRuntime(w, captured(fused));
                QwenRuntime opRt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP)) {
            List<int[]> alone = new ArrayList<>();
            for (int[] p : prompts) {
                alone.add(greedySteps(opRt, p, steps + 1));
            }
            List<KvCache> caches = new ArrayList<>();
            try {
                int[][] got = new int[prompts.size()][steps + 1];
                int[] next = new int[prompts.size()];
                for (int i = 0; i < prompts.size(); i++) {
                    caches.add(rt.newCache(prompts.get(i).length + steps + 1));
                    next[i] = Forward.step(w, List.of(new Forward.Row(caches.get(i), prompts.get(i), Optional.empty(),
                            false))).argmax()[0];
                    got[i][0] = next[i];
                }
                for (int s = 1; s <= steps; s++) {
                    // all rows for the first half (one graph), then the others without the last row (a second graph
                    // over caches the first one moved) and the last row alone: in a graph of its own, then op by op
                    int rows = s <= steps / 2 ? prompts.size() : prompts.size() - 1;
                    List<Forward.Row> batch = new ArrayList<>();
                    for (int i = 0; i < rows; i++) {
                        batch.add(new Forward.Row(caches.get(i), new int[] {next[i]}, Optional.empty(), false));
                    }
                    int[] out = Forward.step(w, batch).argmax();
                    for (int i = 0; i < rows; i++) {
                        next[i] = out[i];
                        got[i][s] = out[i];
                    }
                    if (rows == last) {
                        boolean opByOp = s > steps - 2;
                        Forward.Output own = Forward.step(w, List.of(new Forward.Row(caches.get(last),
                                new int[] {next[last]}, Optional.empty(), opByOp)));
                        next[last] = own.argmax()[0];
                        got[last][s] = next[last];
                        if (opByOp) {
                            assertThat(LlmFixtures.argmax(own.logits()[0])).isEqualTo(next[last]);
                        }
                    }
                }
                for (int i = 0; i < prompts.size(); i++) {
                    assertThat(got[i]).as("row %d", i).containsExactly(alone.get(i));
                }
                assertThat(rt.graphStats().captures()).as("4 rows, 3 rows, the last row alone").isEqualTo(3);
                assertThat(rt.graphStats().graphs()).as("the first graph went when its caches joined others")
                        .isEqualTo(2);
            } finally {
                caches.forEach(KvCache::close);
            }
            assertThat(rt.graphStats().graphs()).as("graphs freed with their caches").isZero();
            assertThat(rt.kvCacheBytes()).isZero();
        }
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {false, true})
    void theSchedulerReplaysGraphsAndStreamsTheSameTokens(boolean fused) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int[] p : LlmFixtures.prompts().values()) {
            requests.add(GenerationRequest.builder(new Prompt.Tokens(p)).maxNewTokens(20).build());
        }
        replayedAsOpByOp("qwen3-f32", requests, captured(fused));
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {false, true})
    void samplingRowsReplayTheForwardAndPickOnTheDeviceAsOpByOp(boolean fused) {
        List<GenerationRequest> requests = new ArrayList<>();
        int seed = 5;
        for (int[] p : LlmFixtures.prompts().values()) {
            requests.add(GenerationRequest.builder(new Prompt.Tokens(p)).maxNewTokens(20)
                    .sampling(SamplingOptions.sample(0.9, 0.95, seed++).withRepetitionPenalty(1.1)).build());
        }
        requests.add(GenerationRequest.builder(new Prompt.Tokens(LlmFixtures.prompts().get("zh"))).maxNewTokens(20)
                .build()); // a greedy row beside them
        List<int[]> replayed = replayedAsOpByOp("qwen2-tied-f32", requests, captured(fused));
        assertThat(replayed.get(0)).as("sampling is not greedy decoding")
                .isNotEqualTo(replayed.get(requests.size() - 1));
    }

    /**
     * Runs the requests together through a model whose steps run op by op, then through one that replays them as CUDA
     * graphs; asserts the same tokens; returns the replayed.
     */
    private static List<int[]> replayedAsOpByOp(String fixture, List<GenerationRequest> requests,
                                                QwenRuntime.Options captured) {
        List<int[]> opByOp;
        try (LanguageModel model = model(fixture, QwenRuntime.Options.OP_BY_OP)) {
            opByOp = together(model, requests);
        }
        try (LanguageModel model = model(fixture, captured)) {
            List<int[]> replayed = together(model, requests);
            for (int i = 0; i < requests.size(); i++) {
                assertThat(replayed.get(i)).as("request %d", i).containsExactly(opByOp.get(i));
            }
            assertThat(model.graphStats().replays()).as("decode steps replayed").isGreaterThan(10);
            System.out.printf("CUDA graph through the scheduler (%s): %s%n", fixture, model.graphStats());
            return replayed;
        }
    }

    private static LanguageModel model(String fixture, QwenRuntime.Options runtime) {
        QwenWeights w = QwenWeights.load(LlmFixtures.model(fixture), Optional.empty(), GpuTests.device(),
                DataType.FLOAT32);
        return LanguageModel.of(fixture, w, TextTokenizer.load(LlmFixtures.model(fixture)), Map.of(),
                new SchedulerOptions(8, 512), runtime);
    }

    private static List<int[]> together(LanguageModel model, List<GenerationRequest> requests) {
        List<int[]> out = new ArrayList<>();
        for (GenerationHandle h : model.startAll(requests, Collections.nCopies(requests.size(), Optional.empty()),
                TokenSink.NONE)) {
            out.add(h.await().tokens());
        }
        return out;
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {false, true})
    void gpuMemoryStaysFlatOverThousandsOfReplaysAndComesBack(boolean fused) {
        Device gpu = GpuTests.device();
        memoryRun(gpu, 100, fused); // the CUDA context, cuBLAS handles and the side stream's set-up, once
        long baseline = used(gpu);
        long[] during = memoryRun(gpu, 4000, fused);
        long afterClose = used(gpu);
        System.out.printf("GPU memory with CUDA graphs: %,d MiB before loading, %,d MiB after 500 steps, %,d MiB after "
                + "4,000, %,d MiB after closing%n", baseline >> 20, during[0] >> 20, during[1] >> 20, afterClose >> 20);
        assertThat(during[1] - during[0]).as("device memory growth over 3,500 replayed steps").isLessThan(2L << 20);
        assertThat(afterClose - baseline).as("device memory kept after closing the model").isLessThan(4L << 20);
    }

    private static long[] memoryRun(Device gpu, int steps, boolean fused) {
        long[] mem = new long[2];
        try (QwenWeights w = QwenWeights.load(LlmFixtures.model("qwen2-gqa-f32"), Optional.empty(), gpu,
                DataType.FLOAT16);
                QwenRuntime rt = new QwenRuntime(w, captured(fused))) {
            int[] prompt = LlmFixtures.prompts().get("zh");
            try (KvCache cache = rt.newCache(prompt.length + steps + 1)) {
                int[] input = prompt;
                for (int i = 0; i < steps; i++) {
                    if (i == Math.min(500, steps - 1)) {
                        mem[0] = used(gpu);
                    }
                    input = new int[] {Forward.step(w, List.of(new Forward.Row(cache, input, Optional.empty(),
                            false))).argmax()[0]};
                }
                mem[1] = used(gpu);
                assertThat(rt.graphStats().replays()).isEqualTo(steps - 2);
            }
            assertThat(rt.graphStats().graphs()).isZero();
        }
        return mem;
    }

    /** Greedy tokens through {@link Forward#step} (the argmax on the device), one token a step after the prompt. */
    static int[] greedySteps(QwenRuntime rt, int[] prompt, int n) {
        QwenWeights w = rt.weights();
        int[] out = new int[n];
        try (KvCache cache = rt.newCache(prompt.length + n)) {
            int[] input = prompt;
            for (int i = 0; i < n; i++) {
                out[i] = Forward.step(w, List.of(new Forward.Row(cache, input, Optional.empty(), false))).argmax()[0];
                input = new int[] {out[i]};
            }
        }
        return out;
    }

    private static long used(Device gpu) {
        return CudaUtils.getGpuMemory(gpu).getUsed();
    }
}
