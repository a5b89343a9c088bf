package org.strokekg.cli;

import io.javalin.Javalin;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.server.HttpApp;
import org.strokekg.server.Readiness;
import org.strokekg.server.ServerServices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.Optional;
import org.strokekg.ops.Metrics;
import org.strokekg.server.HttpOptions;
import org.strokekg.server.MetricsServer;
import picocli.CommandLine.Spec;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import org.strokekg.error.StartupException;

/** Starts the HTTP server first (live at once), then the graph and indexes (ready once they are open). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the server: the answer API and the web explorer.",
                "It opens embedded Neo4j (or NEO4J_URI), loads the curated seed on first start and opens the indexes; "
                        + "the explorer is at http://HOST:PORT/."})
final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--port", description = "HTTP port (default: STROKEKG_PORT or 8080)")
    Integer port;

    @Mixin
    AppOptions app;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Config config = app.config();
        if (port != null) {
            int p = port;
            config = AppOptions.configured(() -> app.config().withPort(p));
        }
        Readiness readiness = new Readiness();
        CompletableFuture<ServerServices> services = new CompletableFuture<>();
        Optional<Metrics> metrics = config.metrics().enabled() ? Optional.of(Metrics.create()) : Optional.empty();
        HttpOptions options = new HttpOptions(metrics, config.metrics().port().isEmpty(), config.log());
        Javalin http = bind(HttpApp.create(readiness, services, options), config);
        Optional<Javalin> metricsHttp = Optional.empty();
        StrokeKg kg;
        try {
            if (metrics.isPresent() && config.metrics().port().isPresent()) {
                metricsHttp = Optional.of(bind(MetricsServer.create(metrics.get()), config.host(),
                        config.metrics().port().getAsInt(), "STROKEKG_METRICS_PORT"));
            }
            log.info("StrokeKG listening on http://{}:{}/ (starting)", config.host(), http.port());
            kg = StrokeKg.open(config, readiness);
        } catch (RuntimeException e) {
            readiness.failed(e.getMessage());
            services.completeExceptionally(e);
            http.stop();
            metricsHttp.ifPresent(Javalin::stop);
            throw e;
        }
        StrokeKg opened = kg;
        AppOptions.announcePassword(opened, spec.commandLine().getOut());
        metrics.ifPresent(opened::bindMetrics);
        services.complete(opened.serverServices());
        readiness.ready();
        RunningServer running = RunningServer.announce(config.dataDir(), config.host(), http.port());
        log.info("StrokeKG ready on http://{}:{}/", config.host(), http.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Optional<Javalin> second = metricsHttp;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // reverse order of start: no longer announced, stop taking requests, then close the services
            running.close();
            http.stop();
            second.ifPresent(Javalin::stop);
            opened.close();
            stopped.countDown();
        }, "strokekg-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Starts the HTTP server, or fails with one line that names the cause: a taken port, or a host that is not this
     * machine's (Javalin calls every failed bind "port already in use").
     */
    static Javalin bind(Javalin app, Config config) {
        return bind(app, config.host(), config.port(), "STROKEKG_PORT or serve --port");
    }

    static Javalin bind(Javalin app, String host, int port, String setting) {
        try {
            return app.start(host, port);
        } catch (RuntimeException e) {
            String where = host + ":" + port;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                    throw new StartupException(StartupException.Kind.CONFIG, "STROKEKG_HOST=" + host
                            + ": no such host", e);
                }
                if (t instanceof BindException b) {
                    String why = String.valueOf(b.getMessage()).toLowerCase(java.util.Locale.ROOT);
                    if (why.contains("in use")) {
                        throw new StartupException(StartupException.Kind.PORT, "HTTP port " + where
                                + " is in use (" + setting + "; another StrokeKG?)", e);
                    }
                    if (why.contains("permission") || why.contains("access")) {
                        throw new StartupException(StartupException.Kind.PORT, "HTTP port " + where
                                + " needs privileges this process lacks (use a port above 1023)", e);
                    }
                    throw new StartupException(StartupException.Kind.CONFIG, "STROKEKG_HOST=" + host
                            + " is not an address of this machine (" + b.getMessage() + ")", e);
                }
            }
            throw new StartupException(StartupException.Kind.PORT, "the HTTP server did not start on " + where + ": "
                    + e.getMessage(), e);
        }
    }
}
