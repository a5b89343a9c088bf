package org.strokekg.testing;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.strokekg.StrokeKg;
import org.strokekg.server.HttpApp;
import org.strokekg.server.Readiness;

/**
 * Another whole StrokeKG in the test JVM, with its own configuration (a model, another chat mode) and its own data
 * directory, on the shared test graph; its HTTP server on a free port. The test that opens it closes it.
 */
public final class ExtraInstance implements AutoCloseable {

    private final StrokeKg app;
    private final Javalin http;
    private final Path dataDir;

    private ExtraInstance(StrokeKg app, Javalin http, Path dataDir) {
        this.app = app;
        this.http = http;
        this.dataDir = dataDir;
    }

    public static ExtraInstance start(Map<String, String> overrides) {
        TestApp.app(); // the seed is in the shared graph
        Path dir;
        try {
            dir = Files.createTempDirectory("strokekg-extra");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(overrides);
        env.put("STROKEKG_DATA_DIR", dir.toString());
        StrokeKg app = StrokeKg.open(TestApp.config(env), new Readiness());
        Readiness ready = new Readiness();
        ready.ready();
        Javalin http = HttpApp.create(ready, CompletableFuture.completedFuture(app.serverServices())).start("127.0.0.1", 0);
        return new ExtraInstance(app, http, dir);
    }

    public StrokeKg app() {
        return app;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    @Override
    public void close() {
        http.stop();
        app.close();
        TestGraph.deleteTree(dataDir);
    }
}
