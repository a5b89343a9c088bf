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
import picocli.CommandLine.Option;

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

    @Override
    public Integer call() throws Exception {
        Config config = Config.fromEnvironment();
        if (port != null) {
            config = config.withPort(port);
        }
        if (boltPort != null) {
            config = config.withBoltPort(boltPort);
        }
        Readiness readiness = new Readiness();
        CompletableFuture<ServerServices> services = new CompletableFuture<>();
        Javalin http = HttpApp.create(readiness, services).start(config.host(), config.port());
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
}
