package org.strokekg.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.RetriableException;
import org.strokekg.error.StrokeKgException;

/**
 * {@code /v1/chat/completions} without retrieval ({@code STROKEKG_CHAT_COMPLETIONS=model}): the messages go to the
 * model as they are, so this server is a plain OpenAI-compatible model server for another StrokeKG (or any client).
 */
final class PlainChat {

    private static final long TIMEOUT_S = 300;

    private PlainChat() {
    }

    static ChatRequest request(JsonNode root, String modelId) {
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidInputException("messages", "must be a non-empty array");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String text = text(m.get("content"), "messages[" + i + "].content");
            switch (m.path("role").asText()) {
                case "system", "developer" -> out.add(SystemMessage.from(text));
                case "user" -> out.add(UserMessage.from(text));
                case "assistant" -> out.add(AiMessage.from(text));
                default -> throw new InvalidInputException("messages[" + i + "].role",
                        "must be system, user or assistant");
            }
        }
        var p = ChatRequestParameters.builder().modelName(modelId);
        if (root.hasNonNull("temperature")) {
            p.temperature(number(root, "temperature"));
        }
        if (root.hasNonNull("top_p")) {
            p.topP(number(root, "top_p"));
        }
        JsonNode max = root.hasNonNull("max_completion_tokens") ? root.get("max_completion_tokens") : root.get("max_tokens");
        if (max != null && !max.isNull()) {
            if (!max.canConvertToInt() || max.asInt() < 1) {
                throw new InvalidInputException("max_tokens", "must be a positive integer");
            }
            p.maxOutputTokens(max.asInt());
        }
        JsonNode stop = root.get("stop");
        if (stop != null && !stop.isNull()) {
            List<String> stops = new ArrayList<>();
            if (stop.isTextual()) {
                stops.add(stop.asText());
            } else {
                stop.forEach(s -> stops.add(s.asText()));
            }
            p.stopSequences(stops);
        }
        return ChatRequest.builder().messages(out).parameters(p.build()).build();
    }

    private static String text(JsonNode content, String field) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder b = new StringBuilder();
            content.forEach(part -> {
                if ("text".equals(part.path("type").asText())) {
                    b.append(part.path("text").asText());
                }
            });
            return b.toString();
        }
        throw new InvalidInputException(field, "must be a string or a list of parts");
    }

    private static double number(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (!n.isNumber()) {
            throw new InvalidInputException(field, "must be a number");
        }
        return n.asDouble();
    }

    /** Runs the request; text and reasoning pieces go to the consumers; a consumer that throws cancels the model. */
    static ChatResponse run(StreamingChatModel model, ChatRequest request, Consumer<String> reasoning,
                            Consumer<String> text) {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                deliver(() -> text.accept(partial.text()), context.streamingHandle());
            }

            @Override
            public void onPartialThinking(PartialThinking thinking, PartialThinkingContext context) {
                deliver(() -> reasoning.accept(thinking.text()), context.streamingHandle());
            }

            private void deliver(Runnable work, dev.langchain4j.model.chat.response.StreamingHandle handle) {
                if (done.isDone()) {
                    return;
                }
                try {
                    work.run();
                } catch (RuntimeException e) {
                    handle.cancel();
                    done.completeExceptionally(e);
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            return done.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted", e);
        } catch (TimeoutException e) {
            throw new RetriableException("the model did not finish within " + TIMEOUT_S + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StrokeKgException ske) {
                throw ske;
            }
            if (e.getCause() instanceof Sse.ClientGone gone) {
                throw gone;
            }
            throw new RetriableException("the model failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
