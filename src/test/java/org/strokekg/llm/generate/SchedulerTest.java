package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.error.NotFoundException;
import org.strokekg.error.RetriableException;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.TestAdapters;
import org.strokekg.llm.generate.Delivery;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.Generation;
import org.strokekg.llm.generate.GenerationHandle;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelSpec;
import org.strokekg.llm.generate.Scheduler;
import org.strokekg.llm.generate.SchedulerOptions;
import org.strokekg.llm.generate.SchedulerStats;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.request.Cancellation;
import org.strokekg.llm.request.ChatTemplate;
import org.strokekg.llm.request.FinishReason;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;
import org.strokekg.llm.request.TokenSink;

/**
 * Many requests in flight on one base with two unmerged adapters, through the batching scheduler: each output equals
 * the same request run alone; requests join and leave between steps; cancellation, a failing sink and shutdown touch
 * only the requests they concern; caches are freed.
 */
class SchedulerTest {

    @TempDir
    static Path temp;
    private static LanguageModel model;

    @BeforeAll
    static void load() {
        model = LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen2-gqa-f32")).withDevice(DevicePreference.CPU),
                Map.of("a", LlmFixtures.model("qwen2-gqa-lora"), "b", TestAdapters.secondQwen2GqaAdapter(temp)),
                new SchedulerOptions(4, 512));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** One request of the mix: its prompt, adapter, sampling and length. */
    private record Job(Prompt prompt, Optional<String> adapter, SamplingOptions sampling, int maxNewTokens) {
        GenerationRequest request(Cancellation cancellation) {
            return GenerationRequest.builder(prompt).sampling(sampling).maxNewTokens(maxNewTokens)
                    .cancellation(cancellation).build();
        }
    }

    private static List<Job> mix() {
        List<Job> jobs = new ArrayList<>();
        List<int[]> prompts = new ArrayList<>(LlmFixtures.prompts().values());
        List<Optional<String>> adapters = List.of(Optional.empty(), Optional.of("a"), Optional.of("b"));
        for (int i = 0; i < 8; i++) {
            SamplingOptions sampling = i % 4 == 3
                    ? SamplingOptions.sample(0.9, 0.95, 100 + i).withRepetitionPenalty(1.1) // the host-sampling path
                    : SamplingOptions.greedy();
            jobs.add(new Job(new Prompt.Tokens(prompts.get(i % prompts.size())), adapters.get(i % 3), sampling,
                    6 + 3 * i));
        }
        return jobs;
    }

    @Test
    void concurrentRequestsEachEqualTheirSequentialRun() throws Exception {
        List<Job> jobs = mix();
        List<GenerationResult> sequential = new ArrayList<>();
        List<String> sequentialText = new ArrayList<>();
        for (Job job : jobs) {
            StringBuilder text = new StringBuilder();
            sequential.add(model.start(job.request(new Cancellation()), text::append, job.adapter()).await());
            sequentialText.add(text.toString());
        }
        SchedulerStats start = model.stats();
        assertThat(start.kvCacheBytes()).isZero();
        for (int round = 0; round < 2; round++) {
            List<GenerationHandle> handles = new ArrayList<>();
            List<StringBuffer> texts = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                StringBuffer text = new StringBuffer();
                texts.add(text);
                handles.add(model.start(jobs.get(i).request(new Cancellation()), text::append, jobs.get(i).adapter()));
                if (i == 2) {
                    Thread.sleep(5); // some join while others are decoding
                }
            }
            for (int i = 0; i < jobs.size(); i++) {
                GenerationResult r = handles.get(i).result().get(60, TimeUnit.SECONDS);
                assertThat(r.tokens()).as("request %d", i).containsExactly(sequential.get(i).tokens());
                assertThat(r.finishReason()).isEqualTo(sequential.get(i).finishReason());
                assertThat(texts.get(i).toString()).isEqualTo(sequentialText.get(i)).isEqualTo(r.text());
            }
            assertThat(model.running()).isZero();
            assertThat(model.waiting()).isZero();
        }
        SchedulerStats end = model.stats();
        double meanBatch = (double) (end.rowSteps() - start.rowSteps()) / (end.steps() - start.steps());
        assertThat(meanBatch).as("requests per step while 8 were in flight (at most 4 at once)").isGreaterThan(2.0);
        assertThat(end.kvCacheBytes()).as("every cache freed when its request left").isZero();
        // the adapters matter: base, a and b differ on the same prompt
        assertThat(sequential.get(0).tokens()).isNotEqualTo(sequential.get(4).tokens()); // zh: base vs a
    }

    @Test
    void aLongPromptRunsInChunksWithTheSameResult() {
        int[] prompt = LlmFixtures.prompts().get("long");
        GenerationRequest request = GenerationRequest.builder(new Prompt.Tokens(prompt)).maxNewTokens(10).build();
        GenerationResult whole = model.start(request, TokenSink.NONE, Optional.of("a")).await();
        try (LanguageModel chunked = LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen2-gqa-f32"))
                .withDevice(DevicePreference.CPU), Map.of("a", LlmFixtures.model("qwen2-gqa-lora")),
                new SchedulerOptions(2, 7))) {
            assertThat(prompt.length).isGreaterThan(3 * 7);
            GenerationResult r = chunked.start(request, TokenSink.NONE, Optional.of("a")).await();
            assertThat(r.tokens()).containsExactly(whole.tokens());
        }
    }

    @Test
    void cancellingOneRequestLeavesTheOthersIntact() throws Exception {
        List<Job> jobs = mix();
        Cancellation cancel = new Cancellation();
        GenerationRequest longOne = longRunning(model, Optional.of("a")).maxNewTokens(5000).cancellation(cancel)
                .build();
        GenerationResult alone = model.start(jobs.get(2).request(new Cancellation()), TokenSink.NONE,
                jobs.get(2).adapter()).await();
        CountDownLatch streaming = new CountDownLatch(3);
        GenerationHandle victim = model.start(longOne, text -> streaming.countDown(), Optional.of("a"));
        GenerationHandle other = model.start(jobs.get(2).request(new Cancellation()), TokenSink.NONE,
                jobs.get(2).adapter());
        assertThat(streaming.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(model.stats().kvCacheBytes()).as("the running request's cache").isPositive();
        victim.cancel();
        GenerationResult cancelled = victim.result().get(60, TimeUnit.SECONDS);
        assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(cancelled.tokens().length).isBetween(3, 4999);
        assertThat(other.await().tokens()).containsExactly(alone.tokens());
        assertThat(model.stats().kvCacheBytes()).as("both caches freed").isZero();
    }

    @Test
    void aFailingSinkFailsOnlyItsOwnRequest() {
        List<Job> jobs = mix();
        GenerationResult alone = model.start(jobs.get(5).request(new Cancellation()), TokenSink.NONE,
                jobs.get(5).adapter()).await();
        GenerationHandle broken = model.start(longRunning(model, Optional.empty()).maxNewTokens(2000).build(), text -> {
                    throw new IllegalStateException("client went away");
                }, Optional.empty());
        GenerationHandle fine = model.start(jobs.get(5).request(new Cancellation()), TokenSink.NONE,
                jobs.get(5).adapter());
        assertThatThrownBy(broken::await).isInstanceOf(IllegalStateException.class).hasMessage("client went away");
        assertThat(fine.await().tokens()).containsExactly(alone.tokens());
    }

    @Test
    void aRowThatBreaksABatchedStepFailsAloneAndTheOthersGoOn() throws Exception {
        // an adapter loaded for another copy of the base is refused by the forward pass: the whole batched step throws,
        // the scheduler reruns its rows one by one, and only that row's request fails
        Path dir = LlmFixtures.model("qwen2-gqa-f32");
        try (org.strokekg.llm.qwen.QwenWeights base = org.strokekg.llm.qwen.QwenWeights.load(dir, Optional.empty(),
                        ai.djl.Device.cpu(), ai.djl.ndarray.types.DataType.FLOAT32);
                org.strokekg.llm.qwen.QwenWeights other = org.strokekg.llm.qwen.QwenWeights.load(dir,
                        Optional.empty(), ai.djl.Device.cpu(), ai.djl.ndarray.types.DataType.FLOAT32);
                org.strokekg.llm.lora.LoraAdapter file = org.strokekg.llm.lora.LoraAdapter.open(
                        LlmFixtures.model("qwen2-gqa-lora"));
                org.strokekg.llm.qwen.LoraWeights foreign = org.strokekg.llm.qwen.LoraWeights.load(other, file);
                org.strokekg.llm.tokenizer.TextTokenizer tok = org.strokekg.llm.tokenizer.TextTokenizer.load(dir);
                QwenRuntime runtime = new QwenRuntime(base, QwenRuntime.Options.OP_BY_OP);
                Scheduler scheduler = new Scheduler(runtime, new SchedulerOptions(4, 512), "test")) {
            java.util.function.Function<String, Generation> generation = p -> new Generation(tok, ChatTemplate.CHATML,
                    LlmFixtures.prompts().get(p), GenerationRequest.builder(new Prompt.Tokens(LlmFixtures.prompts()
                    .get(p))).maxNewTokens(200).build(), java.util.Set.copyOf(base.config().eosTokenIds()),
                    base.config().maxPositions(), base.config().vocabSize(), TokenSink.NONE);
            GenerationResult alone = scheduler.submit(List.of(new Scheduler.Entry(generation.apply("en"),
                    Optional.empty(), new Delivery(TokenSink.NONE)))).get(0).get(60, TimeUnit.SECONDS);
            List<CompletableFuture<GenerationResult>> together = scheduler.submit(List.of(
                    new Scheduler.Entry(generation.apply("zh"), Optional.empty(), new Delivery(TokenSink.NONE)),
                    new Scheduler.Entry(generation.apply("en"), Optional.empty(), new Delivery(TokenSink.NONE))));
            CompletableFuture<GenerationResult> broken = scheduler.submit(List.of(new Scheduler.Entry(
                    generation.apply("chat"), Optional.of(foreign), new Delivery(TokenSink.NONE)))).get(0);
            assertThatThrownBy(() -> broken.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(
                    IllegalArgumentException.class).hasMessageContaining("another model");
            assertThat(together.get(1).get(60, TimeUnit.SECONDS).tokens()).containsExactly(alone.tokens());
            assertThat(together.get(0).get(60, TimeUnit.SECONDS).tokens()).isNotEmpty();
            assertThat(runtime.kvCacheBytes()).isZero();
        }
    }

    @Test
    void badRequestsAreRefusedBeforeTheyRun() {
        assertThatThrownBy(() -> model.start(GenerationRequest.builder(new Prompt.Tokens(new int[] {1, 99999}))
                .build(), TokenSink.NONE, Optional.empty())).hasMessageContaining("vocabulary");
        assertThatThrownBy(() -> model.start(GenerationRequest.builder(Prompt.text("x")).build(), TokenSink.NONE,
                Optional.of("nope"))).isInstanceOf(NotFoundException.class).hasMessageContaining("'nope'");
        assertThat(model.adapters()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void closingTheModelEndsWhatIsInFlight() throws Exception {
        LanguageModel closing = LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen2-tied-f32"))
                .withDevice(DevicePreference.CPU), Map.of(), new SchedulerOptions(1, 512));
        GenerationRequest longRequest = longRunning(closing, Optional.empty()).maxNewTokens(20_000).build();
        CountDownLatch started = new CountDownLatch(1);
        GenerationHandle running = closing.start(longRequest, text -> started.countDown(), Optional.empty());
        GenerationHandle queued = closing.start(longRequest, TokenSink.NONE, Optional.empty());
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(closing.waiting()).isEqualTo(1);
        closing.close();
        assertThatThrownBy(running::await).isInstanceOf(RetriableException.class);
        assertThatThrownBy(queued::await).isInstanceOf(RetriableException.class);
        assertThatThrownBy(() -> closing.start(longRequest, TokenSink.NONE, Optional.empty()))
                .isInstanceOf(RetriableException.class);
        CompletableFuture<GenerationResult> r = running.result();
        assertThat(r).isCompletedExceptionally();
    }

    /**
     * A request whose reply has no stop token in its first 300 tokens: greedy on a fixture prompt (a random model's
     * greedy reply settles into a loop, so it then runs to any length), else seeded sampling with a seed that gets
     * that far. Only a cancel or a shutdown ends it early.
     */
    static GenerationRequest.Builder longRunning(LanguageModel on, Optional<String> adapter) {
        for (int[] prompt : LlmFixtures.prompts().values()) {
            if (runsLong(on, adapter, GenerationRequest.builder(new Prompt.Tokens(prompt)))) {
                return GenerationRequest.builder(new Prompt.Tokens(prompt));
            }
        }
        for (long seed = 1; seed < 200; seed++) {
            GenerationRequest.Builder sampled = GenerationRequest.builder(new Prompt.Tokens(LlmFixtures.prompts()
                    .get("zh"))).sampling(SamplingOptions.sample(0.8, 1.0, seed));
            if (runsLong(on, adapter, sampled)) {
                return sampled;
            }
        }
        throw new AssertionError("no request runs 300 tokens without a stop token");
    }

    private static boolean runsLong(LanguageModel on, Optional<String> adapter, GenerationRequest.Builder b) {
        return on.start(b.maxNewTokens(300).build(), TokenSink.NONE, adapter).await().finishReason()
                == FinishReason.LENGTH;
    }
}
