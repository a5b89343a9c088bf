package org.strokekg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.StrokeKgException;
import org.strokekg.rag.Answer;
import org.strokekg.rag.AnswerListener;
import org.strokekg.rag.AnswerRequest;
import org.strokekg.rag.AnswerService;
import org.strokekg.text.ScriptChoice;

/**
 * Ollama-compatible routes, so chat front-ends that speak Ollama's protocol (Open WebUI, LightRAG's clients, LangChain4j's
 * Ollama module) can use StrokeKG: {@code GET /api/tags}, {@code POST /api/chat}, {@code POST /api/generate},
 * {@code GET /api/version}. They answer through the same pipeline as the OpenAI route (the last user message, or the
 * prompt, is the question) with the evidence in an extra {@code strokekg} field; as in Ollama, {@code stream} is true
 * unless the request says false, and a stream is NDJSON: one object a line, the last with {@code done: true}.
 * Ollama's {@code options}, {@code format}, {@code keep_alive} and {@code think} are accepted and ignored.
 */
final class OllamaHandlers {

    private static final Logger log = LoggerFactory.getLogger(OllamaHandlers.class);
    /** Ollama's version this server's routes follow. */
    static final String VERSION = "0.12.0";

    private final AnswerService answers;
    private final ObjectMapper mapper;
    private final AnswerEvents events;

    OllamaHandlers(AnswerService answers, ObjectMapper mapper, AnswerEvents events) {
        this.answers = answers;
        this.mapper = mapper;
        this.events = events;
    }

    void version(Context ctx) {
        ctx.json(Map.of("version", VERSION));
    }

    void tags(Context ctx) {
        String at = Instant.parse("2026-11-24T00:00:00Z").toString();
        ctx.json(Map.of("models", answers.modelIds().stream().map(id -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", id);
            m.put("model", id);
            m.put("modified_at", at);
            m.put("size", 0);
            m.put("digest", Integer.toHexString(id.hashCode()));
            m.put("details", Map.of("format", "strokekg", "family", "strokekg", "families", List.of("strokekg"),
                    "parameter_size", "", "quantization_level", ""));
            return m;
        }).toList()));
    }

    void chat(Context ctx) {
        JsonBody body = JsonBody.of(ctx, null);
        answer(ctx, body, OpenAiHandlers.lastUserMessage(body.root()), "/api/chat", true);
    }

    void generate(Context ctx) {
        JsonBody body = JsonBody.of(ctx, null);
        String prompt = body.string("prompt").orElseThrow(() -> new InvalidInputException("prompt", "is required"));
        answer(ctx, body, prompt, "/api/generate", false);
    }

    private void answer(Context ctx, JsonBody body, String question, String route, boolean chat) {
        if (question.isBlank()) {
            throw new InvalidInputException(chat ? "messages" : "prompt", "must not be empty");
        }
        Optional<String> model = body.string("model").filter(m -> !m.isBlank());
        model.ifPresent(m -> answers.models().model(m)); // unknown: 404 before any line of a stream
        AnswerRequest request = new AnswerRequest(question, body.string("script").map(s -> ScriptChoice.parse("script", s)),
                AnswerRequest.DEFAULT_PASSAGES, AnswerRequest.DEFAULT_PATHS, model);
        String modelName = model.orElse(answers.defaultModelId());
        long t0 = System.nanoTime();
        JsonNode stream = body.root().get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new InvalidInputException("stream", "must be true or false");
        }
        if (stream != null && !stream.asBoolean(true)) {
            Answer a = answers.answer(request);
            events.answered(route, question, a);
            ctx.json(last(chat, modelName, a.answer(), a, t0));
            return;
        }
        ctx.status(200);
        ctx.contentType("application/x-ndjson");
        ctx.header("X-Accel-Buffering", "no");
        OutputStream out;
        try {
            out = ctx.res().getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Answer a = answers.answer(request, new AnswerListener() {
                @Override
                public void reasoning(String delta) {
                    line(out, piece(chat, modelName, "", Optional.of(delta)));
                }

                @Override
                public void token(String delta) {
                    line(out, piece(chat, modelName, delta, Optional.empty()));
                }
            });
            events.answered(route, question, a);
            line(out, last(chat, modelName, "", a, t0));
        } catch (Sse.ClientGone gone) {
            log.debug("ollama client went away");
        } catch (StrokeKgException e) {
            // the status is sent: Ollama streams an error as a line of its own
            line(out, Map.of("error", Optional.ofNullable(e.getMessage()).orElse(e.title())));
        }
    }

    private Map<String, Object> piece(boolean chat, String model, String text, Optional<String> thinking) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("created_at", Instant.now().toString());
        if (chat) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", "assistant");
            message.put("content", text);
            thinking.ifPresent(t -> message.put("thinking", t));
            m.put("message", message);
        } else {
            m.put("response", text);
            thinking.ifPresent(t -> m.put("thinking", t));
        }
        m.put("done", false);
        return m;
    }

    /** The final object: done, with Ollama's counters (durations in nanoseconds) and the evidence. */
    private Map<String, Object> last(boolean chat, String model, String text, Answer a, long t0) {
        Map<String, Object> m = piece(chat, model, text, text.isEmpty() ? Optional.empty() : a.reasoning());
        m.put("done", true);
        m.put("done_reason", "stop");
        long total = System.nanoTime() - t0;
        m.put("total_duration", total);
        m.put("load_duration", 0);
        m.put("prompt_eval_count", 0);
        m.put("prompt_eval_duration", 0);
        m.put("eval_count", 0);
        m.put("eval_duration", Math.round(a.timings().generate() * 1e6));
        m.put("strokekg", OpenAiHandlers.evidence(a));
        return m;
    }

    private void line(OutputStream out, Object value) {
        try {
            out.write(mapper.writeValueAsBytes(value));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new Sse.ClientGone(e);
        }
    }
}
