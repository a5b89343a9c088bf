package org.strokekg.llm;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * LangChain4j's {@link StreamingChatModel} over the in-process engine: generation runs on the given executor (a
 * virtual thread per request by default), the reasoning streams as partial thinking and the answer as partial
 * responses, both in whole characters. Implements only {@code doChat}.
 */
public final class LocalQwenStreamingChatModel implements StreamingChatModel {

    private final LanguageModel model;
    private final Executor executor;

    public LocalQwenStreamingChatModel(LanguageModel model) {
        this(model, Executors.newVirtualThreadPerTaskExecutor());
    }

    public LocalQwenStreamingChatModel(LanguageModel model, Executor executor) {
        this.model = Objects.requireNonNull(model, "model");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Starts the generation and returns. The handler's {@link StreamingHandle} (in each partial's context) cancels it,
     * e.g. when the client disconnects; after a cancel no further callback is made, as LangChain4j specifies.
     */
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Cancellation cancellation = new Cancellation();
        GenerationRequest generation = ChatRequests.toGeneration(model, request, cancellation);
        StreamingHandle handle = new StreamingHandle() {
            @Override
            public void cancel() {
                cancellation.cancel();
            }

            @Override
            public boolean isCancelled() {
                return cancellation.isCancelled();
            }
        };
        executor.execute(() -> {
            try {
                ReasoningStream stream = new ReasoningStream(model.template());
                ReasoningStream.Listener listener = new ReasoningStream.Listener() {
                    @Override
                    public void reasoning(String text) {
                        if (!handle.isCancelled()) {
                            handler.onPartialThinking(new PartialThinking(text), new PartialThinkingContext(handle));
                        }
                    }

                    @Override
                    public void answer(String text) {
                        if (!handle.isCancelled()) {
                            handler.onPartialResponse(new PartialResponse(text), new PartialResponseContext(handle));
                        }
                    }
                };
                GenerationResult r = model.generate(generation, text -> stream.append(text, listener));
                stream.finish(listener);
                if (!handle.isCancelled()) {
                    handler.onCompleteResponse(ChatRequests.toResponse(model, r));
                }
            } catch (RuntimeException e) {
                handler.onError(e);
            }
        });
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return ChatRequests.defaults(model);
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }
}
