package org.strokekg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;
import org.strokekg.error.StrokeKgException;
import org.strokekg.rag.Answer;
import org.strokekg.rag.AnswerListener;
import org.strokekg.rag.AnswerRequest;
import org.strokekg.rag.AnswerService;
import org.strokekg.text.ScriptChoice;
import org.strokekg.trust.Trust;

/**
 * OpenAI-compatible chat completions and model list, so existing OpenAI clients work. The last user message is the
 * question; the evidence travels in an extra {@code strokekg} field (on the response, or on the first stream chunk).
 * Request properties this server does not use (temperature, max_tokens…) are accepted and ignored.
 */
final class OpenAiHandlers {

    private static final Logger log = LoggerFactory.getLogger(OpenAiHandlers.class);

    private final AnswerService answers;
    private final ObjectMapper mapper;
    private final boolean plain;
    private final AnswerEvents events;

    OpenAiHandlers(AnswerService answers, ObjectMapper mapper, boolean plain, AnswerEvents events) {
        this.answers = answers;
        this.mapper = mapper;
        this.plain = plain;
        this.events = events;
    }

    void models(Context ctx) {
        long created = Instant.parse("2026-11-24T00:00:00Z").getEpochSecond();
        ctx.json(Map.of("object", "list", "data", answers.modelIds().stream().map(id -> Map.of("id", id,
                "object", "model", "created", created, "owned_by", "strokekg")).toList()));
    }

    void completions(Context ctx) {
        JsonBody body = JsonBody.of(ctx, null);
        if (plain) {
            plainCompletions(ctx, body);
            return;
        }
        String question = lastUserMessage(body.root());
        Optional<ScriptChoice> script = body.string("script").map(s -> ScriptChoice.parse("script", s));
        Optional<String> model = body.string("model").filter(m -> !m.isBlank());
        Optional<Trust> minTrust = body.string("minTrust").map(t -> AnswerRequest.parseTrust("minTrust", t));
        AnswerRequest request = new AnswerRequest(question, script, AnswerRequest.DEFAULT_PASSAGES,
                AnswerRequest.DEFAULT_PATHS, model, minTrust);
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        if (!body.bool("stream")) {
            Answer a = answers.answer(request);
            events.answered("/v1/chat/completions", question, a);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", a.answer());
            a.reasoning().ifPresent(r -> message.put("reasoning_content", r));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("object", "chat.completion");
            out.put("created", created);
            out.put("model", a.model());
            out.put("choices", List.of(Map.of("index", 0, "message", message, "finish_reason", "stop")));
            out.put("usage", Map.of("prompt_tokens", 0, "completion_tokens", 0, "total_tokens", 0));
            out.put("strokekg", evidence(a));
            ctx.json(out);
            return;
        }
        model.ifPresent(m -> answers.models().model(m)); // unknown: 404 before the stream's 200
        Sse sse = new Sse(ctx, mapper);
        String modelName = model.orElse(answers.defaultModelId());
        try {
            Answer a = answers.answer(request, new AnswerListener() {
                @Override
                public void evidence(Evidence e) {
                    Map<String, Object> first = chunk(id, created, modelName, Map.of("role", "assistant", "content", ""),
                            null);
                    first.put("strokekg", e);
                    sse.send(null, first);
                }

                @Override
                public void reasoning(String delta) {
                    sse.send(null, chunk(id, created, modelName, Map.of("reasoning_content", delta), null));
                }

                @Override
                public void token(String delta) {
                    sse.send(null, chunk(id, created, modelName, Map.of("content", delta), null));
                }
            });
            events.answered("/v1/chat/completions", question, a);
            Map<String, Object> last = chunk(id, created, modelName, Map.of(), "stop");
            last.put("usage", Map.of("prompt_tokens", 0, "completion_tokens", 0, "total_tokens", 0));
            last.put("strokekg", evidence(a));
            sse.send(null, last);
            sse.send(null, "[DONE]");
        } catch (Sse.ClientGone gone) {
            log.debug("chat completion client went away");
        } catch (StrokeKgException e) {
            sse.send(null, Map.of("error", Map.of("message", Optional.ofNullable(e.getMessage()).orElse(""),
                    "type", e.title(), "code", e.httpStatus())));
        }
    }

    /** The messages straight to the model: this server as a plain OpenAI-compatible model server. */
    private void plainCompletions(Context ctx, JsonBody body) {
        String modelId = body.string("model").filter(m -> !m.isBlank()).orElse(answers.defaultModelId());
        StreamingChatModel model = answers.models().model(modelId).orElseThrow(() -> new NotFoundException(
                "no language model '" + modelId + "' (plain completions need STROKEKG_LLM=local or openai)"));
        ChatRequest request = PlainChat.request(body.root(), modelId);
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        if (!body.bool("stream")) {
            StringBuilder reasoning = new StringBuilder();
            ChatResponse r = PlainChat.run(model, request, reasoning::append, t -> { });
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", r.aiMessage().text() == null ? "" : r.aiMessage().text());
            Optional.ofNullable(r.aiMessage().thinking()).filter(t -> !t.isBlank())
                    .or(() -> Optional.of(reasoning.toString()).filter(t -> !t.isBlank()))
                    .ifPresent(t -> message.put("reasoning_content", t));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", id);
            out.put("object", "chat.completion");
            out.put("created", created);
            out.put("model", modelId);
            out.put("choices", List.of(Map.of("index", 0, "message", message, "finish_reason", finish(r))));
            out.put("usage", usage(r));
            ctx.json(out);
            return;
        }
        Sse sse = new Sse(ctx, mapper);
        sse.send(null, chunk(id, created, modelId, Map.of("role", "assistant", "content", ""), null));
        try {
            ChatResponse r = PlainChat.run(model, request,
                    t -> sse.send(null, chunk(id, created, modelId, Map.of("reasoning_content", t), null)),
                    t -> sse.send(null, chunk(id, created, modelId, Map.of("content", t), null)));
            Map<String, Object> last = chunk(id, created, modelId, Map.of(), finish(r));
            last.put("usage", usage(r));
            sse.send(null, last);
            sse.send(null, "[DONE]");
        } catch (Sse.ClientGone gone) {
            log.debug("plain completion client went away");
        } catch (StrokeKgException e) {
            sse.send(null, Map.of("error", Map.of("message", Optional.ofNullable(e.getMessage()).orElse(""),
                    "type", e.title(), "code", e.httpStatus())));
        }
    }

    private static String finish(ChatResponse r) {
        return r.finishReason() == dev.langchain4j.model.output.FinishReason.LENGTH ? "length" : "stop";
    }

    private static Map<String, Object> usage(ChatResponse r) {
        var u = r.tokenUsage();
        int in = u == null || u.inputTokenCount() == null ? 0 : u.inputTokenCount();
        int outTokens = u == null || u.outputTokenCount() == null ? 0 : u.outputTokenCount();
        return Map.of("prompt_tokens", in, "completion_tokens", outTokens, "total_tokens", in + outTokens);
    }

    private static Map<String, Object> chunk(String id, long created, String model, Map<String, Object> delta,
                                             String finish) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finish);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("object", "chat.completion.chunk");
        c.put("created", created);
        c.put("model", model);
        c.put("choices", List.of(choice));
        return c;
    }

    static Map<String, Object> evidence(Answer a) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("citations", a.citations());
        e.put("graphPaths", a.graphPaths());
        e.put("entities", a.entities());
        e.put("passages", a.passages());
        a.emergency().ifPresent(x -> e.put("emergency", x));
        e.put("script", a.script());
        e.put("timings", a.timings());
        e.put("minTrust", a.minTrust());
        return e;
    }

    /** The text of the last user message; content may be a string or a list of parts. */
    static String lastUserMessage(JsonNode root) {
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new InvalidInputException("messages", "must be a non-empty array");
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if (m.isObject() && "user".equals(m.path("role").asText())) {
                JsonNode content = m.get("content");
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
                throw new InvalidInputException("messages[" + i + "].content", "must be a string or a list of parts");
            }
        }
        throw new InvalidInputException("messages", "has no message with role 'user'");
    }
}
