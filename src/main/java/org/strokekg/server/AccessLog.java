package org.strokekg.server;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.strokekg.ops.Logs;
import org.strokekg.ops.Metrics;

/**
 * One line and one measure per request: method, route template, status and time, with the request id (the MDC). The
 * query string is never logged (an entity search's {@code q} may be a patient's words), nor any body. API requests log
 * at INFO; health checks, the explorer's files and scrapes at DEBUG.
 */
final class AccessLog {

    private static final Logger log = LoggerFactory.getLogger("strokekg.access");

    private AccessLog() {
    }

    /** Puts the request's id (from {@link RequestIds}) in the MDC of the handler's thread and on the response. */
    static void started(Context ctx) {
        Object id = ctx.attribute(RequestIds.ATTRIBUTE);
        if (id instanceof String s) {
            MDC.put(Logs.REQUEST_ID, s);
            ctx.header(RequestIds.HEADER, s);
        }
    }

    static void finished(Context ctx, Float ms, Optional<Metrics> metrics) {
        String route = route(ctx);
        int status = ctx.statusCode();
        long nanos = Math.round(ms.doubleValue() * 1e6);
        metrics.ifPresent(m -> m.request(ctx.method().name(), route, status, nanos));
        if (route.startsWith("/api/") || route.startsWith("/v1/") || status >= 500) {
            log.info("{} {} {} {} ms", ctx.method().name(), ctx.path(), status, Math.round(ms));
        } else {
            log.debug("{} {} {} {} ms", ctx.method().name(), ctx.path(), status, Math.round(ms));
        }
        MDC.remove(Logs.REQUEST_ID);
    }

    /**
     * The route template that matched ({@code /api/v1/entities/{id}}); paths that matched none are {@code unmatched}
     * under {@code /api}, {@code /v1} and {@code /metrics}, else {@code static} (the explorer's files): never the raw
     * path, whose values would make a label per entity.
     */
    static String route(Context ctx) {
        Endpoint e = ctx.endpoints().matchedHttpEndpoint();
        if (e != null) {
            return e.path;
        }
        String p = ctx.path();
        return p.startsWith("/api/") || p.startsWith("/v1/") || p.startsWith("/metrics") ? "unmatched" : "static";
    }

    static void scrape(Context ctx, Metrics metrics) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
