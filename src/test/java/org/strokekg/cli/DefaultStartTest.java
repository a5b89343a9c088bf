package org.strokekg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.testing.ChildJvm;
import org.strokekg.testing.TestApp;
import org.strokekg.testing.TestGraph;

/**
 * {@code strokekg serve} with no language model configured (the default) in a JVM of its own, since the test JVM has
 * long loaded DJL's engine for the engine tests: it gets ready without starting DJL's PyTorch engine (none of its
 * classes load) and without DJL's "Failed to detect GPU count" warning, which its CUDA probe gives on a machine with a
 * CUDA runtime and no GPU driver. It reads the shared test graph (NEO4J_URI), so only the start's own work is timed.
 * Started with {@code --data-dir}, it announces itself there, and {@code strokekg stats} on that directory uses it.
 */
class DefaultStartTest {

    @Test
    void aDefaultStartLeavesDjlsEngineAlone(@TempDir Path dir) throws Exception {
        TestApp.app(); // the seed is in the shared graph
        Path classes = dir.resolve("classes.txt");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-") || a.startsWith("--sun-")).toList());
        command.addAll(List.of("-Xmx1g", "-Xlog:class+load=info:file=" + classes, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port=0",
                "--data-dir=" + dir.resolve("data")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("STROKEKG_") || k.startsWith("NEO4J_"));
        env.putAll(Map.of("NEO4J_URI", TestGraph.boltUri().toString(), "NEO4J_USER", "neo4j",
                "NEO4J_PASSWORD_FILE", TestGraph.passwordFile().toString()));

        Process serve = builder.start();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(line -> {
                    log.add(line);
                    if (line.contains("StrokeKG ready on")) {
                        ready.countDown();
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // the stream closes under the reader when the process is stopped: the lines read so far are the log
                log.add("(output closed: " + e.getMessage() + ")");
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        try {
            // a bound on a stuck start, not a speed check
            boolean started = ready.await(5, TimeUnit.MINUTES);
            assertThat(started).as("serve got ready; its output:\n%s", String.join("\n", log)).isTrue();
            // serve --data-dir announces itself there, and a command on that directory uses it instead of the store
            assertThat(dir.resolve("data").resolve(RunningServer.FILE)).exists();
            ChildJvm.Result stats = ChildJvm.strokekg(Map.of(), "stats", "--data-dir=" + dir.resolve("data"));
            assertThat(stats.exit()).as(stats.output()).isZero();
            assertThat(stats.output()).contains("using the running server at http://127.0.0.1:").contains("entities");
        } finally {
            serve.destroy(); // SIGTERM: the shutdown hook closes the services
            if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }

        assertThat(dir.resolve("data").resolve(RunningServer.FILE)).as("removed at shutdown").doesNotExist();
        assertThat(log).as("serve's log").noneMatch(l -> l.contains("Failed to detect GPU count"));
        List<String> loaded = Files.readAllLines(classes).stream()
                .map(l -> l.replaceAll(".*\\] ", "").replaceAll(" source:.*", "")).toList();
        assertThat(loaded).as("the embedding model's tokenizer loaded DJL's CUDA probe")
                .contains("ai.djl.util.cuda.CudaUtils");
        assertThat(loaded).as("DJL's engine classes").doesNotContain("ai.djl.engine.Engine")
                .noneMatch(c -> c.startsWith("ai.djl.pytorch."));
    }
}
