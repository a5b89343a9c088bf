package org.strokekg.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.MergeResult;
import org.strokekg.ingest.Curation;

/**
 * {@code POST /api/v1/entities/{id}/merge} with body {@code {"from": "<id>"}}: merges entity {@code from} into the
 * entity in the path, as a batch that {@code DELETE /api/v1/batches/{batchId}} undoes. Needs a curator key.
 */
final class MergeHandlers {

    private final Curation curation;
    private final CuratorAuth auth;

    MergeHandlers(Curation curation, CuratorAuth auth) {
        this.curation = curation;
        this.auth = auth;
    }

    void merge(Context ctx) {
        String curator = auth.requireCurator(ctx);
        String into = Params.pathId(ctx, "id");
        String from = from(ctx);
        MergeResult result = curation.merge(into, from, curator);
        ctx.status(201).header("Location", "/api/v1/batches/" + result.batchId()).json(result);
    }

    /** The body's {@code from}: the id of the entity that goes into the one in the path. */
    private static String from(Context ctx) {
        JsonNode body;
        try {
            body = ctx.body().isBlank() ? null : Json.mapper().readTree(ctx.body());
        } catch (IOException e) {
            throw new InvalidInputException("body", "not JSON: send {\"from\": \"<entity id>\"}", e);
        }
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("from", "is required: send {\"from\": \"<entity id>\"}");
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("from")) {
                throw new InvalidInputException(name, "unknown property; the body is {\"from\": \"<entity id>\"}");
            }
        }
        JsonNode from = body.get("from");
        if (from == null || !from.isTextual() || from.asText().isBlank()) {
            throw new InvalidInputException("from", "must be the id of the entity to merge, as a string");
        }
        String id = from.asText().strip();
        if (id.length() > Params.MAX_PARAM_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("from", "not a valid id");
        }
        return id;
    }
}
