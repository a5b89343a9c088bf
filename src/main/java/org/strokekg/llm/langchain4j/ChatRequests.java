package org.strokekg.llm.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.generate.ServedModel;
import org.strokekg.llm.request.Cancellation;
import org.strokekg.llm.request.ChatMessage;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;

/** Translation between LangChain4j's chat requests and responses and the engine's. */
final class ChatRequests {

    private ChatRequests() {
    }

    static ChatRequestParameters defaults(ServedModel model) {
        SamplingOptions s = model.defaultSampling();
        return DefaultChatRequestParameters.builder().modelName(model.id()).temperature(s.temperature())
                .topP(s.topP()).topK(s.topK() == 0 ? null : s.topK()).maxOutputTokens(model.defaultMaxNewTokens())
                .build();
    }

    static GenerationRequest toGeneration(ServedModel model, ChatRequest request, Cancellation cancellation) {
        if (request.modelName() != null && !request.modelName().equals(model.id())) {
            // each id has its own adapter and template: running another id's request here would answer wrongly
            throw new InvalidInputException("model", "this chat model serves '" + model.id() + "', not '"
                    + request.modelName() + "'");
        }
        if (request.toolSpecifications() != null && !request.toolSpecifications().isEmpty()) {
            throw new InvalidInputException("tools", "the local engine does not call tools");
        }
        for (Double penalty : new Double[] {request.frequencyPenalty(), request.presencePenalty()}) {
            if (penalty != null && penalty != 0) {
                throw new InvalidInputException("penalty", "frequency and presence penalties are not supported; the "
                        + "engine has transformers' repetition penalty (model defaults)");
            }
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (dev.langchain4j.data.message.ChatMessage m : request.messages()) {
            messages.add(switch (m) {
                case SystemMessage s -> ChatMessage.system(s.text());
                case UserMessage u when u.hasSingleText() -> ChatMessage.user(u.singleText());
                case AiMessage a when a.text() != null -> ChatMessage.assistant(a.text());
                default -> throw new InvalidInputException("messages", "only text from system, user and assistant is "
                        + "supported, not " + m.type());
            });
        }
        SamplingOptions d = model.defaultSampling();
        SamplingOptions sampling = new SamplingOptions(
                request.temperature() != null ? request.temperature() : d.temperature(),
                request.topP() != null ? request.topP() : d.topP(), request.topK() != null ? request.topK() : d.topK(),
                d.repetitionPenalty(), d.seed());
        return GenerationRequest.builder(new Prompt.Chat(messages)).sampling(sampling)
                .maxNewTokens(request.maxOutputTokens() != null ? request.maxOutputTokens()
                        : model.defaultMaxNewTokens())
                .stopStrings(request.stopSequences() != null ? request.stopSequences() : List.of())
                .cancellation(cancellation).build();
    }

    static ChatResponse toResponse(ServedModel model, GenerationResult r) {
        AiMessage.Builder ai = AiMessage.builder().text(r.answer());
        if (!r.reasoning().isEmpty()) {
            ai.thinking(r.reasoning());
        }
        return ChatResponse.builder().aiMessage(ai.build()).modelName(model.id())
                .tokenUsage(new TokenUsage(r.promptTokens(), r.tokens().length))
                .finishReason(switch (r.finishReason()) {
                    case STOP_TOKEN, STOP_STRING -> dev.langchain4j.model.output.FinishReason.STOP;
                    case LENGTH -> dev.langchain4j.model.output.FinishReason.LENGTH;
                    case CANCELLED -> dev.langchain4j.model.output.FinishReason.OTHER;
                }).build();
    }
}
