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
import picocli.CommandLine.Option;
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

    @Option(names = "--bolt-port", description = "embedded Neo4j Bolt port on 127.0.0.1 (default: STROKEKG_BOLT_PORT or 7687)")
    Integer boltPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Config config = AppOptions.configured(() -> {
            Config c = Config.fromEnvironment();
            if (port != null) {
                c = c.withPort(port);
            }
            if (boltPort != null) {
                c = c.withBoltPort(boltPort);
            }
            return c;
        });
        Readiness readiness = new Readiness();
        CompletableFuture<ServerServices> services = new CompletableFuture<>();
        Javalin http = bind(HttpApp.create(readiness, services), config);
        log.info("StrokeKG listening on http://{}:{}/ (starting)", config.host(), http.port());
        StrokeKg app;
        try {
            app = StrokeKg.open(config, readiness);
        } catch (RuntimeException e) {
            readiness.failed(e.getMessage());
            services.completeExceptionally(e);
            http.stop();
            throw e;
        }
        AppOptions.announcePassword(app, spec.commandLine().getOut());
        services.complete(app.serverServices());
        readiness.ready();
        log.info("StrokeKG ready on http://{}:{}/", config.host(), http.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // reverse order of start: stop taking requests, then close the services
            http.stop();
            app.close();
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
        try {
            return app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            String where = config.host() + ":" + config.port();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                    throw new StartupException(StartupException.Kind.CONFIG, "STROKEKG_HOST=" + config.host()
                            + ": no such host", e);
                }
                if (t instanceof BindException b) {
                    String why = String.valueOf(b.getMessage()).toLowerCase(java.util.Locale.ROOT);
                    if (why.contains("in use")) {
                        throw new StartupException(StartupException.Kind.PORT, "HTTP port " + where
                                + " is in use (STROKEKG_PORT or serve --port; another StrokeKG?)", e);
                    }
                    if (why.contains("permission") || why.contains("access")) {
                        throw new StartupException(StartupException.Kind.PORT, "HTTP port " + where
                                + " needs privileges this process lacks (use a port above 1023)", e);
                    }
                    throw new StartupException(StartupException.Kind.CONFIG, "STROKEKG_HOST=" + config.host()
                            + " is not an address of this machine (" + b.getMessage() + ")", e);
                }
            }
            throw new StartupException(StartupException.Kind.PORT, "the HTTP server did not start on " + where + ": "
                    + e.getMessage(), e);
        }
    }
}
