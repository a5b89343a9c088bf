package org.strokekg.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.StrokeKgException;
import org.strokekg.rag.Answer;
import org.strokekg.rag.AnswerListener;
import org.strokekg.rag.AnswerRequest;
import org.strokekg.rag.AnswerService;
import org.strokekg.text.ScriptChoice;

/** The answer API: JSON, and the same as Server-Sent Events (evidence first, then text, then the full answer). */
final class AnswerHandlers {

    private static final Logger log = LoggerFactory.getLogger(AnswerHandlers.class);
    private static final Set<String> FIELDS = Set.of("question", "script", "maxPassages", "maxPaths", "model",
            "minTrust");

    private final AnswerService answers;
    private final ObjectMapper mapper;
    private final AnswerEvents events;

    AnswerHandlers(AnswerService answers, ObjectMapper mapper, AnswerEvents events) {
        this.answers = answers;
        this.mapper = mapper;
        this.events = events;
    }

    static AnswerRequest request(JsonBody body) {
        return new AnswerRequest(body.requiredString("question"),
                body.string("script").map(s -> ScriptChoice.parse("script", s)),
                body.integer("maxPassages", AnswerRequest.DEFAULT_PASSAGES),
                body.integer("maxPaths", AnswerRequest.DEFAULT_PATHS),
                body.string("model").filter(m -> !m.isBlank()),
                body.string("minTrust").map(t -> AnswerRequest.parseTrust("minTrust", t)));
    }

    void answer(Context ctx) {
        AnswerRequest request = request(JsonBody.of(ctx, FIELDS));
        Answer a = answers.answer(request);
        events.answered("/api/v1/answer", request.question(), a);
        ctx.json(a);
    }

    void stream(Context ctx) {
        AnswerRequest request = request(JsonBody.of(ctx, FIELDS));
        // an unknown model is a 404 while the status can still say so, not an error event after a 200
        request.model().ifPresent(id -> answers.models().model(id));
        Sse sse = new Sse(ctx, mapper);
        try {
            Answer answer = answers.answer(request, new AnswerListener() {
                @Override
                public void evidence(Evidence evidence) {
                    sse.send("evidence", evidence);
                }

                @Override
                public void reasoning(String delta) {
                    sse.send("reasoning", Map.of("text", delta));
                }

                @Override
                public void token(String delta) {
                    sse.send("token", Map.of("text", delta));
                }
            });
            events.answered("/api/v1/answer/stream", request.question(), answer);
            sse.send("done", answer);
        } catch (Sse.ClientGone gone) {
            log.debug("answer stream client went away");
        } catch (StrokeKgException e) {
            // headers are sent: the failure travels as an event with the same problem document
            sse.send("error", Map.of("type", Problem.typeFor(e.title()), "title", e.title(), "status", e.httpStatus(),
                    "detail", Optional.ofNullable(e.getMessage()).orElse("")));
        }
    }
}
