package org.strokekg.server;

import io.javalin.Javalin;
import org.strokekg.ops.Metrics;

/**
 * {@code GET /metrics} on a port of its own ({@code STROKEKG_METRICS_PORT}), so the scrape can be reached by the
 * monitoring network while the API port is not, or the other way round. Nothing else is served there.
 */
public final class MetricsServer {

    private MetricsServer() {
    }

    public static Javalin create(Metrics metrics) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.before(ctx -> SecurityHeaders.apply(ctx::header));
            cfg.routes.get("/metrics", ctx -> AccessLog.scrape(ctx, metrics));
        });
    }
}
