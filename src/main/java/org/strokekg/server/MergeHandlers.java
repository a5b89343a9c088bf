package org.strokekg.server;

import io.javalin.http.Context;
import java.util.Set;
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
        if (ctx.contentLength() == 0) {
            throw new InvalidInputException("from", "is required: send {\"from\": \"<entity id>\"}");
        }
        JsonBody body = JsonBody.of(ctx, Set.of("from"));
        String id = body.string("from").map(String::strip).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new InvalidInputException("from", "is required: send {\"from\": \"<entity id>\"}"));
        return Params.id("from", id);
    }
}
