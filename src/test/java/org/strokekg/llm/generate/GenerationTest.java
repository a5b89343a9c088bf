package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelInfo;
import org.strokekg.llm.generate.ModelSpec;
import org.strokekg.llm.request.Cancellation;
import org.strokekg.llm.request.ChatMessage;
import org.strokekg.llm.request.FinishReason;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;
import org.strokekg.llm.request.TokenSink;

/** The generation loop through the public API, on the tiny Qwen2 fixture (sharded F32, 32k context). */
class GenerationTest {

    private static LanguageModel model;

    @BeforeAll
    static void load() {
        model = LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen2-gqa-f32")).withDevice(DevicePreference.CPU));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationResult run(GenerationRequest.Builder b, List<String> pieces) {
        return model.generate(b.build(), pieces::add);
    }

    @Test
    void describesTheLoadedModel() {
        ModelInfo info = model.info();
        assertThat(info.family()).isEqualTo("qwen2");
        assertThat(info.parameters()).isEqualTo(55_584); // model.safetensors.index.json's total_parameters
        assertThat(info.device()).isEqualTo("cpu()");
        assertThat(info.dtype()).isEqualTo("float32");
        assertThat(info.contextLength()).isEqualTo(32768);
        assertThat(info.adapter()).isEmpty();
    }

    @Test
    void greedyGenerationReproducesTransformers() {
        int[] expected = LlmFixtures.ints(LlmFixtures.reference().path("models").path("qwen2-gqa.f32.base")
                .path("greedy").path("zh"));
        List<String> pieces = new ArrayList<>();
        GenerationResult r = run(GenerationRequest.builder(new Prompt.Tokens(LlmFixtures.prompts().get("zh")))
                .maxNewTokens(expected.length), pieces);
        assertThat(r.tokens()).containsExactly(expected);
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(String.join("", pieces)).isEqualTo(r.text()).isEqualTo(model.tokenizer().decode(expected));
        assertThat(r.timings().decodeSteps()).isEqualTo(expected.length - 1);
    }

    @Test
    void concurrentRequestsShareTheWeightsWithoutDisturbingEachOther() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<int[]>> runs = new ArrayList<>();
            List<int[]> expected = new ArrayList<>();
            for (String p : List.of("zh", "en", "chat", "long")) {
                expected.add(LlmFixtures.ints(LlmFixtures.reference().path("models").path("qwen2-gqa.f32.base")
                        .path("greedy").path(p)));
                int[] prompt = LlmFixtures.prompts().get(p);
                runs.add(pool.submit(() -> model.generate(GenerationRequest.builder(new Prompt.Tokens(prompt))
                        .maxNewTokens(12).build(), TokenSink.NONE).tokens()));
            }
            for (int i = 0; i < runs.size(); i++) {
                assertThat(runs.get(i).get()).containsExactly(expected.get(i)); // no stop id in these references
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChatPromptIsFramedByTheTemplate() {
        int[] reference = LlmFixtures.prompts().get("chat"); // "<|im_start|>user\n脑卒中后如何预防跌倒？<|im_end|>\n<|im_start|>assistant\n"
        assertThat(model.promptTokens(Prompt.chat(ChatMessage.user("脑卒中后如何预防跌倒？")))).containsExactly(reference);
    }

    @Test
    void stopStringsEndTheTextAndAreNeverStreamed() {
        Prompt prompt = Prompt.text("Early rehabilitation after stroke");
        String full = run(GenerationRequest.builder(prompt).maxNewTokens(24), new ArrayList<>()).text();
        int k = full.length() / 2;
        if (Character.isLowSurrogate(full.charAt(k))) {
            k++;
        }
        String stop = full.substring(k, k + 2);
        String expected = full.substring(0, full.indexOf(stop));
        List<String> pieces = new ArrayList<>();
        GenerationResult r = run(GenerationRequest.builder(prompt).maxNewTokens(24).stopStrings(List.of(stop)), pieces);
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP_STRING);
        assertThat(r.text()).isEqualTo(expected);
        assertThat(String.join("", pieces)).isEqualTo(expected);
    }

    @Test
    void aStopTokenEndsGenerationWithoutBeingReturned() {
        int[] greedy = run(GenerationRequest.builder(Prompt.text("Stroke care")).maxNewTokens(8), new ArrayList<>())
                .tokens();
        int stopAt = 0;
        while (stopAt < greedy.length && indexOf(greedy, greedy[stopAt]) < stopAt) {
            stopAt++;
        }
        stopAt = Math.max(stopAt, 2);
        int stopId = greedy[stopAt];
        int first = indexOf(greedy, stopId);
        GenerationResult r = run(GenerationRequest.builder(Prompt.text("Stroke care")).maxNewTokens(8)
                .stopTokenId(stopId), new ArrayList<>());
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP_TOKEN);
        assertThat(r.tokens()).containsExactly(java.util.Arrays.copyOf(greedy, first));
    }

    @Test
    void seededSamplingIsReproducible() {
        Prompt prompt = Prompt.text("偏瘫");
        SamplingOptions s = SamplingOptions.sample(1.0, 0.95, 7).withTopK(50);
        int[] a = run(GenerationRequest.builder(prompt).sampling(s).maxNewTokens(20), new ArrayList<>()).tokens();
        int[] b = run(GenerationRequest.builder(prompt).sampling(s).maxNewTokens(20), new ArrayList<>()).tokens();
        int[] c = run(GenerationRequest.builder(prompt).sampling(s.withSeed(8)).maxNewTokens(20), new ArrayList<>())
                .tokens();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        int[] greedy = run(GenerationRequest.builder(prompt).maxNewTokens(20), new ArrayList<>()).tokens();
        int[] topK1 = run(GenerationRequest.builder(prompt).sampling(s.withTopK(1)).maxNewTokens(20), new ArrayList<>())
                .tokens();
        assertThat(topK1).containsExactly(greedy);
    }

    @Test
    void cancellationStopsTheLoop() {
        // a seed whose sampled reply runs to the length limit (no stop token in 300), so only the cancel can end it early
        GenerationRequest.Builder request = null;
        GenerationResult uncancelled = null;
        for (long seed = 1; uncancelled == null || uncancelled.finishReason() != FinishReason.LENGTH; seed++) {
            request = GenerationRequest.builder(Prompt.text("Early rehabilitation"))
                    .sampling(SamplingOptions.sample(1.0, 1.0, seed)).maxNewTokens(300);
            uncancelled = model.generate(request.build(), TokenSink.NONE);
        }
        Cancellation cancel = new Cancellation();
        List<String> pieces = new ArrayList<>();
        GenerationResult r = model.generate(request.cancellation(cancel).build(), text -> {
            pieces.add(text);
            cancel.cancel();
        });
        // the sink runs on the request's delivery thread: the scheduler sees the flag at one of its next steps
        assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(r.tokens().length).isLessThan(300);
        assertThat(r.tokens()).containsExactly(java.util.Arrays.copyOf(uncancelled.tokens(), r.tokens().length));
    }

    @Test
    void aRequestCancelledBeforeItStartsRunsNothing() {
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        GenerationResult r = model.generate(GenerationRequest.builder(Prompt.text("Early rehabilitation"))
                .cancellation(cancel).build(), TokenSink.NONE);
        assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(r.tokens()).isEmpty();
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
