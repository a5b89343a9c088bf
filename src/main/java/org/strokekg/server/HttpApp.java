package org.strokekg.server;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.RetriableException;
import org.strokekg.error.StrokeKgException;

/**
 * The HTTP server: every route is registered here, in one place. Handlers are small classes that get their services
 * in the constructor; they are built once the services are ready, and until then the API answers 503.
 */
public final class HttpApp {

    private static final Logger log = LoggerFactory.getLogger(HttpApp.class);

    /** Request bodies above this are refused (a curator upload is the largest legitimate body). */
    public static final long MAX_REQUEST_BYTES = 64L << 20;

    /** Strict: our own scripts, styles and images only; no inline script, no framing, no third-party origin. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    private HttpApp() {
    }

    /** The routes and their services: a future so the server can answer health checks while the graph starts. */
    public static Javalin create(Readiness readiness, CompletableFuture<ServerServices> services) {
        CompletableFuture<Handlers> handlers = services.thenApply(Handlers::new);
        JavalinJackson json = new JavalinJackson(Json.mapper(), false);
        return Javalin.create(cfg -> {
            cfg.jsonMapper(json);
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.jetty.multipartConfig.maxFileSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.http.defaultContentType = "application/json";
            cfg.concurrency.useVirtualThreads = true;
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/strokekg/web";
                files.location = Location.CLASSPATH;
                files.precompressMaxSize = 0;
            });
            cfg.routes.before(ctx -> securityHeaders(ctx));

            cfg.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "live")));
            cfg.routes.get("/health/ready", ctx -> ready(ctx, readiness));
            cfg.routes.get("/openapi.json", OpenApi::serve);

            cfg.routes.get("/api/v1/schema", route(handlers, h -> h.graph::schema));
            cfg.routes.get("/api/v1/stats", route(handlers, h -> h.graph::stats));
            cfg.routes.get("/api/v1/entities", route(handlers, h -> h.graph::search));
            cfg.routes.get("/api/v1/entities/{id}", route(handlers, h -> h.graph::entity));
            cfg.routes.get("/api/v1/entities/{id}/neighbours", route(handlers, h -> h.graph::neighbours));
            cfg.routes.get("/api/v1/paths", route(handlers, h -> h.graph::paths));
            cfg.routes.post("/api/v1/entities/{id}/merge", route(handlers, h -> h.merges::merge));

            cfg.routes.post("/api/v1/batches", route(handlers, h -> h.batches::load));
            cfg.routes.get("/api/v1/batches", route(handlers, h -> h.batches::list));
            cfg.routes.get("/api/v1/batches/{id}", route(handlers, h -> h.batches::show));
            cfg.routes.delete("/api/v1/batches/{id}", route(handlers, h -> h.batches::undo));
            cfg.routes.post("/api/v1/reviews", route(handlers, h -> h.decisions::review));
            cfg.routes.post("/api/v1/retractions", route(handlers, h -> h.decisions::retract));

            cfg.routes.post("/api/v1/answer", route(handlers, h -> h.answers::answer));
            cfg.routes.post("/api/v1/answer/stream", route(handlers, h -> h.answers::stream));
            cfg.routes.post("/v1/chat/completions", route(handlers, h -> h.openAi::completions));
            cfg.routes.get("/v1/models", route(handlers, h -> h.openAi::models));

            cfg.routes.exception(StrokeKgException.class, (e, ctx) -> problem(ctx, e));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(),
                    title(e.getStatus()), e.getMessage(), Optional.empty(), Optional.empty(), List.of()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                problem(ctx, 500, "Internal error", "unexpected error; see the server log",
                        Optional.empty(), Optional.empty(), List.of());
            });
            cfg.routes.error(404, ctx -> {
                if (!ctx.res().isCommitted() && !Problem.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                    problem(ctx, 404, "Not found", "no route " + ctx.method() + " " + ctx.path(),
                            Optional.empty(), Optional.empty(), List.of());
                }
            });
        });
    }

    /** Handlers built from the services, one instance each. */
    static final class Handlers {
        final GraphHandlers graph;
        final BatchHandlers batches;
        final AnswerHandlers answers;
        final OpenAiHandlers openAi;
        final MergeHandlers merges;
        final DecisionHandlers decisions;

        Handlers(ServerServices s) {
            this.graph = new GraphHandlers(s.graph(), s.finder(), s.vocabulary(), s.vectors());
            this.batches = new BatchHandlers(s.curation(), new CuratorAuth(s.apiKeys()));
            this.answers = new AnswerHandlers(s.answers(), Json.mapper());
            this.openAi = new OpenAiHandlers(s.answers(), Json.mapper(), s.plainChatCompletions());
            this.merges = new MergeHandlers(s.curation(), new CuratorAuth(s.apiKeys()));
            this.decisions = new DecisionHandlers(s.curation(), new CuratorAuth(s.apiKeys()));
        }
    }

    private static Handler route(CompletableFuture<Handlers> handlers, Function<Handlers, Handler> pick) {
        return ctx -> {
            Handlers h = handlers.getNow(null);
            if (h == null) {
                if (handlers.isCompletedExceptionally()) {
                    throw new RetriableException("the server failed to start; see /health/ready");
                }
                ctx.header("Retry-After", "5");
                throw new RetriableException("the server is starting (graph and indexes are opening)");
            }
            pick.apply(h).handle(ctx);
        };
    }

    private static void ready(Context ctx, Readiness readiness) {
        Readiness.State s = readiness.state();
        ctx.status(s.status().equals("ready") ? 200 : 503).json(s);
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    static void problem(Context ctx, StrokeKgException e) {
        Optional<String> field = Optional.empty();
        Optional<String> reason = Optional.empty();
        if (e instanceof InvalidInputException iie) {
            field = Optional.of(iie.field());
            reason = Optional.of(iie.reason());
        }
        if (e.httpStatus() >= 500 && !(e instanceof RetriableException)) {
            log.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
        }
        problem(ctx, e.httpStatus(), e.title(), e.getMessage(), field, reason, List.of());
    }

    static void problem(Context ctx, int status, String title, String detail, Optional<String> field,
                        Optional<String> reason, List<Map<String, Object>> errors) {
        Problem p = new Problem(Problem.typeFor(title), title, status, detail, ctx.path(), field, reason, errors);
        ctx.status(status);
        ctx.json(p);
        ctx.contentType(Problem.CONTENT_TYPE);
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Invalid input";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Payload too large";
            default -> "Error";
        };
    }
}
