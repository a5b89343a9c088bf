package org.strokekg.server;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
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
import org.strokekg.error.TooManyRequestsException;

/**
 * The HTTP server: every route is registered here, in one place. Handlers are small classes that get their services
 * in the constructor; they are built once the services are ready, and until then the API answers 503.
 * <p>
 * Every answer that is not a success is RFC 9457 problem JSON with a detail that says what was wrong, and every answer
 * carries the security headers, whoever writes it: a route, the mapping below, or Jetty ({@link ErrorPages}). Request
 * bodies are bounded as they stream, per route ({@link BodyLimits}).
 */
public final class HttpApp {

    private static final Logger log = LoggerFactory.getLogger(HttpApp.class);

    /** Request bodies above this are refused (a curator upload is the largest legitimate body). */
    public static final long MAX_REQUEST_BYTES = BodyLimits.UPLOAD_BYTES;

    private HttpApp() {
    }

    /** The routes and their services: a future so the server can answer health checks while the graph starts. */
    public static Javalin create(Readiness readiness, CompletableFuture<ServerServices> services) {
        return create(readiness, services, HttpOptions.DEFAULT);
    }

    /** The same, measured and logged as {@code options} say ({@code GET /metrics} when it has no port of its own). */
    public static Javalin create(Readiness readiness, CompletableFuture<ServerServices> services, HttpOptions options) {
        AuthRateLimiter limiter = new AuthRateLimiter(options.authBrake());
        AnswerEvents events = new AnswerEvents(options);
        CompletableFuture<Handlers> handlers = services.thenApply(s -> new Handlers(s, limiter, events,
                options.metrics()));
        JavalinJackson json = new JavalinJackson(Json.mapper(), false);
        return Javalin.create(cfg -> {
            cfg.jsonMapper(json);
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            // a route that exists with another method answers 405 with Allow, not 404
            cfg.http.prefer405over404 = true;
            cfg.jetty.multipartConfig.maxFileSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            cfg.jetty.modifyServer(server -> {
                server.insertHandler(new BodyLimits());
                server.insertHandler(new RequestIds()); // outermost: a 413 carries the id too
                server.setErrorHandler(new ErrorPages());
            });
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ErrorPages()));
            cfg.http.defaultContentType = "application/json";
            cfg.concurrency.useVirtualThreads = true;
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/strokekg/web";
                files.location = Location.CLASSPATH;
                files.precompressMaxSize = 0;
            });
            cfg.routes.before(HttpApp::everyRequest);
            cfg.requestLogger.http((ctx, ms) -> AccessLog.finished(ctx, ms, options.metrics()));
            if (options.metricsRoute()) {
                options.metrics().ifPresent(m -> cfg.routes.get("/metrics", ctx -> AccessLog.scrape(ctx, m)));
            }

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
            cfg.routes.get("/api/v1/audit", route(handlers, h -> h.batches::audit));
            cfg.routes.get("/api/v1/backup", route(handlers, h -> h.operations::backup));
            cfg.routes.get("/api/v1/export", route(handlers, h -> h.operations::export));
            cfg.routes.get("/api/v1/duplicates", route(handlers, h -> h.operations::duplicates));

            cfg.routes.post("/api/v1/answer", route(handlers, h -> h.answers::answer));
            cfg.routes.post("/api/v1/answer/stream", route(handlers, h -> h.answers::stream));
            cfg.routes.post("/v1/chat/completions", route(handlers, h -> h.openAi::completions));
            cfg.routes.get("/v1/models", route(handlers, h -> h.openAi::models));
            cfg.routes.get("/api/version", route(handlers, h -> h.ollama::version));
            cfg.routes.get("/api/tags", route(handlers, h -> h.ollama::tags));
            cfg.routes.post("/api/chat", route(handlers, h -> h.ollama::chat));
            cfg.routes.post("/api/generate", route(handlers, h -> h.ollama::generate));

            cfg.routes.exception(StrokeKgException.class, (e, ctx) -> problem(ctx, HttpErrors.refine(e)));
            cfg.routes.exception(HttpResponseException.class, HttpApp::httpProblem);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                Optional<StrokeKgException> client = HttpErrors.asClientError(e);
                if (client.isPresent()) {
                    problem(ctx, client.get());
                    return;
                }
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                problem(ctx, 500, "Internal error", "unexpected error; see the server log",
                        Optional.empty(), Optional.empty(), List.of());
            });
            cfg.routes.error(404, ctx -> {
                // a handler's own 404 (no entity, no batch, no model) keeps its detail
                String type = Optional.ofNullable(ctx.res().getContentType()).orElse("");
                if (!ctx.res().isCommitted() && !type.startsWith(Problem.CONTENT_TYPE)) {
                    problem(ctx, 404, "Not found", "no route " + ctx.method() + " " + ctx.path(),
                            Optional.empty(), Optional.empty(), List.of());
                }
            });
        });
    }

    /** Handlers built from the services, one instance each; one key check (and its brake) for every route. */
    static final class Handlers {
        final GraphHandlers graph;
        final BatchHandlers batches;
        final AnswerHandlers answers;
        final OpenAiHandlers openAi;
        final MergeHandlers merges;
        final OllamaHandlers ollama;
        final DecisionHandlers decisions;
        final OperationsHandlers operations;

        Handlers(ServerServices s, AuthRateLimiter limiter, AnswerEvents events,
                 Optional<org.strokekg.ops.Metrics> metrics) {
            CuratorAuth auth = new CuratorAuth(s.apiKeys(), limiter);
            this.graph = new GraphHandlers(s.graph(), s.finder(), s.vocabulary(), s.vectors());
            this.batches = new BatchHandlers(s.curation(), auth, s.uploadDir(), metrics);
            this.answers = new AnswerHandlers(s.answers(), Json.mapper(), events);
            this.openAi = new OpenAiHandlers(s.answers(), Json.mapper(), s.plainChatCompletions(), events);
            this.merges = new MergeHandlers(s.curation(), auth);
            this.ollama = new OllamaHandlers(s.answers(), Json.mapper(), events);
            this.decisions = new DecisionHandlers(s.curation(), auth);
            this.operations = new OperationsHandlers(s.operations(), auth);
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

    /** Headers on every answer; API answers are never stored by a cache; a broken query string is refused. */
    private static void everyRequest(Context ctx) {
        AccessLog.started(ctx);
        SecurityHeaders.apply(ctx::header);
        String path = ctx.path();
        if (path.startsWith("/api/") || path.startsWith("/v1/")) {
            // answers and curator data are a person's questions and the graph's state: no cache keeps them
            ctx.header("Cache-Control", "no-store");
        }
        HttpErrors.checkQuery(ctx.queryString());
    }

    private static void httpProblem(HttpResponseException e, Context ctx) {
        if (e instanceof MethodNotAllowedResponse m) {
            String allowed = m.getDetails().getOrDefault("availableMethods",
                    m.getDetails().getOrDefault("Available methods", ""));
            if (allowed.contains("GET") && !allowed.contains("HEAD")) {
                allowed += ", HEAD";
            }
            ctx.header("Allow", allowed);
            problem(ctx, 405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path()
                    + "; allowed: " + allowed, Optional.empty(), Optional.empty(), List.of());
            return;
        }
        if (e.getStatus() == 404 && e.getClass().getSimpleName().equals("EndpointNotFound")) {
            problem(ctx, 404, "Not found", "no route " + ctx.method() + " " + ctx.path(), Optional.empty(),
                    Optional.empty(), List.of());
            return;
        }
        problem(ctx, e.getStatus(), Problem.titleFor(e.getStatus()), e.getMessage(), Optional.empty(), Optional.empty(),
                List.of());
    }

    static void problem(Context ctx, StrokeKgException e) {
        Optional<String> field = Optional.empty();
        Optional<String> reason = Optional.empty();
        if (e instanceof InvalidInputException iie) {
            field = Optional.of(iie.field());
            reason = Optional.of(HttpErrors.sanitize(iie.reason()));
        }
        if (e instanceof TooManyRequestsException t) {
            ctx.header("Retry-After", String.valueOf(t.retryAfterSeconds()));
        }
        if (e.httpStatus() == 413) {
            ctx.header("Connection", "close"); // the rest of the body is not read
        }
        if (e.httpStatus() >= 500 && !(e instanceof RetriableException)) {
            log.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
        }
        problem(ctx, e.httpStatus(), e.title(), Optional.ofNullable(e.getMessage()).orElse(e.title()), field, reason,
                List.of());
    }

    static void problem(Context ctx, int status, String title, String detail, Optional<String> field,
                        Optional<String> reason, List<Map<String, Object>> errors) {
        Problem p = new Problem(Problem.typeFor(title), title, status, HttpErrors.sanitize(detail), ctx.path(), field,
                reason, errors);
        ctx.status(status);
        ctx.json(p);
        ctx.contentType(Problem.CONTENT_TYPE);
    }
}
