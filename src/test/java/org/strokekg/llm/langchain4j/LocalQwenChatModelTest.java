package org.strokekg.llm.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelSpec;
import org.strokekg.llm.langchain4j.LocalQwenChatModel;
import org.strokekg.llm.langchain4j.LocalQwenStreamingChatModel;
import org.strokekg.llm.request.ChatMessage;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.TokenSink;

/** The LangChain4j adapters over the tiny Qwen3 fixture: same tokens as the engine, listeners called, streaming. */
class LocalQwenChatModelTest {

    private static LanguageModel model;

    @BeforeAll
    static void load() {
        model = LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen3-f32")).withDevice(DevicePreference.CPU));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static ChatRequest request() {
        return ChatRequest.builder().messages(UserMessage.from("脑卒中后如何预防跌倒？")).temperature(0.0)
                .maxOutputTokens(10).build();
    }

    @Test
    void chatGoesThroughDoChatAndMatchesTheEngine() {
        AtomicInteger calls = new AtomicInteger();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext c) {
                calls.incrementAndGet();
            }

            @Override
            public void onResponse(ChatModelResponseContext c) {
                calls.incrementAndGet();
            }
        };
        ChatResponse response = new LocalQwenChatModel(model.served(), List.of(listener)).chat(request());
        GenerationResult direct = model.generate(GenerationRequest.builder(
                Prompt.chat(ChatMessage.user("脑卒中后如何预防跌倒？"))).maxNewTokens(10).build(), TokenSink.NONE);
        assertThat(response.aiMessage().text()).isEqualTo(direct.answer());
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(direct.promptTokens());
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(direct.tokens().length);
        assertThat(response.modelName()).isEqualTo("qwen3-f32");
        assertThat(calls).hasValue(2);
    }

    @Test
    void streamingDeliversTheSameAnswerInPieces() throws Exception {
        List<String> pieces = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<ChatResponse> done = new java.util.concurrent.CompletableFuture<>();
        new LocalQwenStreamingChatModel(model).chat(request(), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                pieces.add(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse r) {
                done.complete(r);
            }

            @Override
            public void onError(Throwable e) {
                done.completeExceptionally(e);
            }
        });
        ChatResponse response = done.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(String.join("", pieces).strip()).isEqualTo(response.aiMessage().text());
        assertThat(response.finishReason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
    }

    @Test
    void theStreamingHandleCancelsTheGeneration() throws Exception {
        List<String> pieces = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<ChatResponse> done = new AtomicReference<>();
        java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        ChatRequest longer = request().toBuilder().maxOutputTokens(2000).temperature(1.0).build();
        new LocalQwenStreamingChatModel(model).chat(longer, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                pieces.add(partial.text());
                context.streamingHandle().cancel();
                first.countDown();
            }

            @Override
            public void onCompleteResponse(ChatResponse r) {
                done.set(r);
            }

            @Override
            public void onError(Throwable e) {
                throw new AssertionError(e);
            }
        });
        assertThat(first.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (model.running() > 0 && System.nanoTime() < deadline) { // it leaves the batch at the next step
            Thread.sleep(10);
        }
        assertThat(model.running()).isZero();
        Thread.sleep(200);
        assertThat(pieces).as("no callback after the cancel").hasSize(1);
        assertThat(done.get()).isNull();
    }
}
