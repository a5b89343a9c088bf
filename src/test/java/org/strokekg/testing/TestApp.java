package org.strokekg.testing;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.search.VectorWait;
import org.strokekg.server.AuthBrake;
import org.strokekg.server.HttpApp;
import org.strokekg.server.HttpOptions;
import org.strokekg.server.Readiness;
import org.strokekg.server.ServerServices;

/**
 * The whole application once per test JVM: the composition root on the shared test graph (reached through
 * {@code NEO4J_URI}, as an external server would be), the seed loaded, and the real HTTP server on a free port.
 */
public final class TestApp {

    public static final String CURATOR_KEY = "test-curator-key-1";
    public static final String READER_KEY = "test-reader-key-1";

    private static StrokeKg app;
    private static Javalin http;
    private static Path dataDir;

    private TestApp() {
    }

    public static synchronized StrokeKg app() {
        if (app == null) {
            try {
                dataDir = Files.createTempDirectory("strokekg-test-app");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            app = StrokeKg.open(config(Map.of()), new Readiness());
            // answers are asserted on the settled state, as the evaluation reads them: passages found by BM25 alone
            // while their vectors are still being made rank differently, and a test's result would depend on the load
            VectorWait.await(app.passageIndex(), new PrintWriter(System.err, true));
            Runtime.getRuntime().addShutdownHook(new Thread(TestApp::shutdown, "test-app-shutdown"));
        }
        return app;
    }

    /** The configuration the shared app runs with, plus {@code overrides}. */
    public static Config config(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(overrides);
        env.computeIfAbsent("NEO4J_URI", k -> TestGraph.boltUri().toString());
        env.computeIfAbsent("NEO4J_USER", k -> TestGraph.connection().user());
        env.computeIfAbsent("NEO4J_PASSWORD", k -> TestGraph.connection().password());
        env.computeIfAbsent("STROKEKG_DATA_DIR", k -> dataDir.toString());
        env.putIfAbsent("STROKEKG_API_KEYS", "tester=" + CURATOR_KEY + ":curator,auditor=" + READER_KEY + ":reader");
        return Config.fromEnvironment(env);
    }

    /** Base URL of the running HTTP server, e.g. {@code http://127.0.0.1:41234}. */
    public static synchronized String baseUrl() {
        if (http == null) {
            ServerServices services = app().serverServices();
            Readiness readiness = new Readiness();
            readiness.ready();
            // as serve runs by default: /metrics on the HTTP port
            org.strokekg.ops.Metrics metrics = org.strokekg.ops.Metrics.create();
            app().bindMetrics(metrics);
            http = HttpApp.create(readiness, CompletableFuture.completedFuture(services), new HttpOptions(
                    java.util.Optional.of(metrics), true, org.strokekg.ops.LogOptions.DEFAULT,
                    // every test class shares this server and 127.0.0.1: refusal tests must not brake the next class's writes
                    new AuthBrake(1_000_000, java.time.Duration.ofMillis(1)))).start("127.0.0.1", 0);
        }
        return "http://127.0.0.1:" + http.port();
    }

    private static synchronized void shutdown() {
        if (http != null) {
            http.stop();
        }
        if (app != null) {
            app.close();
        }
        TestGraph.deleteTree(dataDir);
    }
}
