package org.strokekg.rag;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.strokekg.error.RetriableException;

/**
 * A model-backed answer through LangChain4j's {@link StreamingChatModel}: the in-process engine or any
 * OpenAI-compatible server. The model sees the numbered evidence and the question; its reasoning is split from its
 * answer as it streams.
 */
final class ModelGenerator {

    private final StreamingChatModel model;
    private final String name;
    private final long timeoutSeconds;

    ModelGenerator(StreamingChatModel model, String name, long timeoutSeconds) {
        this.model = model;
        this.name = name;
        this.timeoutSeconds = timeoutSeconds;
    }

    String name() {
        return name;
    }

    /** The generated reasoning and answer (raw, simplified or as the model wrote them). */
    record Generated(String reasoning, String answer) {
    }

    Generated generate(String question, boolean english, List<Answer.Citation> evidence, Consumer<String> onReasoning,
                       Consumer<String> onAnswer) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder answer = new StringBuilder();
        ReasoningSplitter splitter = new ReasoningSplitter(r -> {
            reasoning.append(r);
            onReasoning.accept(r);
        }, a -> {
            answer.append(a);
            onAnswer.accept(a);
        });
        ChatRequest request = ChatRequest.builder().messages(List.of(
                SystemMessage.from(PromptBuilder.system(english)),
                UserMessage.from(PromptBuilder.userMessage(question, evidence, english)))).build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        AtomicReference<StreamingHandle> handle = new AtomicReference<>();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                deliver(() -> splitter.accept(partial.text()), context.streamingHandle());
            }

            @Override
            public void onPartialThinking(PartialThinking thinking, PartialThinkingContext context) {
                deliver(() -> {
                    reasoning.append(thinking.text());
                    onReasoning.accept(thinking.text());
                }, context.streamingHandle());
            }

            /** A sink that fails (the client went away) cancels the generation: no tokens for nobody. */
            private void deliver(Runnable work, StreamingHandle h) {
                handle.set(h);
                if (done.isDone()) {
                    return;
                }
                try {
                    work.run();
                } catch (RuntimeException e) {
                    h.cancel();
                    done.completeExceptionally(e);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                if (!done.isDone()) {
                    splitter.finish();
                    done.complete(response);
                }
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            done.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while the model was answering", e);
        } catch (TimeoutException e) {
            StreamingHandle h = handle.get();
            if (h != null) {
                h.cancel();
            }
            throw new RetriableException("the model " + name + " did not finish within " + timeoutSeconds + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r && !(r instanceof dev.langchain4j.exception.LangChain4jException)) {
                throw r; // the listener's own failure, e.g. the client went away
            }
            throw new RetriableException("the model " + name + " failed: " + e.getCause().getMessage(), e.getCause());
        }
        return new Generated(reasoning.toString().strip(), answer.toString().strip());
    }
}
