package org.strokekg.server;

import io.javalin.http.Context;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/backup} (curator key: the whole knowledge, audit trail included), {@code GET /api/v1/export} and
 * {@code GET /api/v1/duplicates} (any key): what {@code strokekg backup}, {@code export} and {@code duplicates} ask of a
 * running server. Archives stream as they are written.
 */
final class OperationsHandlers {

    private static final Logger log = LoggerFactory.getLogger(OperationsHandlers.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Operations operations;
    private final CuratorAuth auth;

    OperationsHandlers(Operations operations, CuratorAuth auth) {
        this.operations = operations;
        this.auth = auth;
    }

    void backup(Context ctx) throws Exception {
        String curator = auth.requireCurator(ctx);
        zip(ctx, "strokekg-backup-" + STAMP.format(Instant.now()) + ".zip");
        OutputStream out = ctx.res().getOutputStream();
        String summary = operations.backup(out, curator);
        out.flush();
        log.info("backup by {}: {}", curator, summary);
    }

    void export(Context ctx) throws Exception {
        auth.requireKey(ctx);
        zip(ctx, "strokekg-export-" + STAMP.format(Instant.now()) + ".zip");
        OutputStream out = ctx.res().getOutputStream();
        operations.export(out);
        out.flush();
    }

    void duplicates(Context ctx) {
        auth.requireKey(ctx);
        ctx.json(Map.of("pairs", operations.duplicates(Params.string(ctx, "type"),
                Params.decimal(ctx, "minScore", 0.5, 0, 1), Params.integer(ctx, "limit", 50, 1, 1000))));
    }

    private static void zip(Context ctx, String name) {
        ctx.status(200);
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }
}
