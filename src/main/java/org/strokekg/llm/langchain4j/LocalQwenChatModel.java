package org.strokekg.llm.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Objects;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ServedModel;
import org.strokekg.llm.request.Cancellation;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.TokenSink;

/**
 * LangChain4j's {@link ChatModel} over the in-process engine, for one model id (a base, or a base with one of its
 * adapters): requests go through the base's scheduler, batched with every other request in flight. Implements only
 * {@code doChat}, so LangChain4j's own {@code chat} still applies default parameters and calls listeners. The answer
 * is the message text; the reasoning, when the template's format has one, is the message's thinking.
 */
public final class LocalQwenChatModel implements ChatModel {

    private final ServedModel model;
    private final List<ChatModelListener> listeners;

    public LocalQwenChatModel(ServedModel model) {
        this(model, List.of());
    }

    public LocalQwenChatModel(ServedModel model, List<ChatModelListener> listeners) {
        this.model = Objects.requireNonNull(model, "model");
        this.listeners = List.copyOf(listeners);
    }

    /** The model as loaded (base or merged weights, its own template and defaults). */
    public LocalQwenChatModel(LanguageModel model) {
        this(model.served(), List.of());
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        GenerationResult r = model.generate(ChatRequests.toGeneration(model, request, new Cancellation()),
                TokenSink.NONE);
        return ChatRequests.toResponse(model, r);
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
