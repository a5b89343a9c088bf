package org.strokekg.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events on a POST response (EventSource cannot POST, so Javalin's GET-only SSE does not fit): each event
 * is written and flushed at once. A write to a closed connection throws {@link ClientGone}.
 */
final class Sse {

    /** The client went away; the caller stops working for it. */
    static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super("client disconnected", cause);
        }
    }

    private final OutputStream out;
    private final ObjectMapper mapper;

    Sse(Context ctx, ObjectMapper mapper) {
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Accel-Buffering", "no");
        this.mapper = mapper;
        try {
            this.out = ctx.res().getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code event: name} + {@code data: json}; name null = a plain data event (the OpenAI streaming format). */
    void send(String event, Object data) {
        String json;
        try {
            json = data instanceof String s ? s : mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder();
        if (event != null) {
            b.append("event: ").append(event).append('\n');
        }
        b.append("data: ").append(json).append("\n\n");
        try {
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }
}
