package org.strokekg.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.Decisions;
import org.strokekg.ingest.Curation;

/**
 * {@code POST /api/v1/reviews} and {@code POST /api/v1/retractions} with {@code {"ids": [...], "reason": "..."}}: a
 * curator promotes relations, entities or passages to {@code reviewed}, or retracts them (a reason is required), one
 * or many at a time, as a batch that {@code DELETE /api/v1/batches/{batchId}} undoes. Needs a curator key.
 */
final class DecisionHandlers {

    private static final Set<String> FIELDS = Set.of("ids", "reason");

    private final Curation curation;
    private final CuratorAuth auth;

    DecisionHandlers(Curation curation, CuratorAuth auth) {
        this.curation = curation;
        this.auth = auth;
    }

    void review(Context ctx) {
        String curator = auth.requireCurator(ctx);
        Body body = body(ctx);
        created(ctx, curation.review(body.ids(), curator, body.reason()));
    }

    void retract(Context ctx) {
        String curator = auth.requireCurator(ctx);
        Body body = body(ctx);
        created(ctx, curation.retract(body.ids(), curator, body.reason().orElseThrow(() ->
                new InvalidInputException("reason", "a retraction needs the curator's reason"))));
    }

    private static void created(Context ctx, Decisions.Result r) {
        ctx.status(201).header("Location", "/api/v1/batches/" + r.batchId()).json(r);
    }

    private record Body(List<String> ids, Optional<String> reason) {
    }

    private static Body body(Context ctx) {
        JsonNode root;
        try {
            root = ctx.body().isBlank() ? null : Json.mapper().readTree(ctx.body());
        } catch (IOException e) {
            throw new InvalidInputException("body", "not JSON: send {\"ids\": [\"r-…\"], \"reason\": \"…\"}", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("ids", "is required: send {\"ids\": [\"r-…\"], \"reason\": \"…\"}");
        }
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidInputException(name, "unknown property; the body is {\"ids\": [...], \"reason\": \"…\"}");
            }
        }
        JsonNode ids = root.get("ids");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw new InvalidInputException("ids", "must be a non-empty array of relation, entity or passage ids");
        }
        if (ids.size() > Decisions.MAX_TARGETS) {
            throw new InvalidInputException("ids", "at most " + Decisions.MAX_TARGETS + " at a time");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new InvalidInputException("ids", "every id must be a non-empty string");
            }
            out.add(id.asText().strip());
        }
        JsonNode reason = root.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw new InvalidInputException("reason", "must be a string");
        }
        return new Body(out, reason == null || reason.isNull() || reason.asText().isBlank() ? Optional.empty()
                : Optional.of(reason.asText()));
    }
}
