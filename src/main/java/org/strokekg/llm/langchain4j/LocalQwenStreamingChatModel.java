package org.strokekg.llm.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.List;
import java.util.Objects;
import org.strokekg.llm.generate.GenerationHandle;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ServedModel;
import org.strokekg.llm.request.Cancellation;

/**
 * LangChain4j's {@link StreamingChatModel} over the in-process engine, for one model id: the request joins the base's
 * scheduler and {@code doChat} returns at once; the reasoning streams as partial thinking and the answer as partial
 * responses, both in whole characters, on a thread of the request's own (a slow handler delays only its own request).
 * Implements only {@code doChat}.
 */
public final class LocalQwenStreamingChatModel implements StreamingChatModel {

    private final ServedModel model;
    private final List<ChatModelListener> listeners;

    public LocalQwenStreamingChatModel(ServedModel model) {
        this(model, List.of());
    }

    public LocalQwenStreamingChatModel(ServedModel model, List<ChatModelListener> listeners) {
        this.model = Objects.requireNonNull(model, "model");
        this.listeners = List.copyOf(listeners);
    }

    /** The model as loaded (base or merged weights, its own template and defaults). */
    public LocalQwenStreamingChatModel(LanguageModel model) {
        this(model.served(), List.of());
    }

    /**
     * Starts the generation and returns. The handler's {@link StreamingHandle} (in each partial's context) cancels it,
     * e.g. when the client disconnects: it leaves the batch at the next step and no further callback is made, as
     * LangChain4j specifies. Invalid requests (unknown adapter, prompt too long…) reach {@code onError}.
     */
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Cancellation cancellation = new Cancellation();
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
        GenerationHandle generation;
        try {
            generation = model.start(ChatRequests.toGeneration(model, request, cancellation),
                    text -> stream.append(text, listener));
        } catch (RuntimeException e) {
            handler.onError(e);
            return;
        }
        generation.result().whenComplete((r, error) -> {
            if (error != null) {
                if (!handle.isCancelled()) {
                    handler.onError(error);
                }
                return;
            }
            try {
                stream.finish(listener); // on the request's delivery thread, after its last text
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
    public List<ChatModelListener> listeners() {
        return listeners;
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }
}
