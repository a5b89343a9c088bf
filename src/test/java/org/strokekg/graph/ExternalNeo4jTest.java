package org.strokekg.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.server.HttpApp;
import org.strokekg.server.Readiness;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;
import org.strokekg.testing.TestGraph;
import org.strokekg.graph.GraphPassword;

/**
 * The same code against a Neo4j server in another process, reached only through NEO4J_URI with the routing scheme
 * (neo4j://) a cluster would use: the seed loads, the read API answers, a curator batch goes in and comes out.
 */
class ExternalNeo4jTest {

    @Test
    void readApiAndIngestAgainstASeparateServerProcess() throws Exception {
        Path dir = Files.createTempDirectory("strokekg-external-neo4j");
        int port = TestGraph.freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-") || a.startsWith("--sun-")).toList());
        command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.strokekg.testing.StandaloneNeo4j", dir.toString(), String.valueOf(port)));
        Process neo4j = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(neo4j.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                // Neo4j's own start-up log
            }
            assertThat(line).as("the Neo4j process started").startsWith("READY");
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "neo4j-output");
            drain.setDaemon(true);
            drain.start();

            // the other process's graph is behind the password it generated in its data directory
            try (StrokeKg kg = StrokeKg.open(TestApp.config(Map.of("NEO4J_URI", "neo4j://127.0.0.1:" + port,
                    "NEO4J_USER", "neo4j", "NEO4J_PASSWORD_FILE", dir.resolve(GraphPassword.FILE_NAME).toString(),
                    "STROKEKG_DATA_DIR", dir.resolve("app").toString())), new Readiness())) {
                Readiness ready = new Readiness();
                ready.ready();
                Javalin http = HttpApp.create(ready, CompletableFuture.completedFuture(kg.serverServices()))
                        .start("127.0.0.1", 0);
                try {
                    Http h = new Http("http://127.0.0.1:" + http.port());
                    JsonNode stats = h.get("/api/v1/stats").json();
                    assertThat(stats.get("entities").asLong()).isGreaterThanOrEqualTo(300);
                    assertThat(h.get("/api/v1/entities?q=" + Http.q("中風")).json().get("entities").get(0)
                            .get("id").asText()).isEqualTo("stroke");
                    assertThat(h.get("/api/v1/paths?from=ischemic-stroke&to=hypertension").json().get("paths").size())
                            .isPositive();

                    String csv = "subject,subject_type,predicate,object,object_type,source\n"
                            + "脑卒中,Disease,HAS_SYMPTOM,测试外部服务器症状,Symptom,external test\n";
                    String[] key = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};
                    Http.Response loaded = h.post("/api/v1/batches?format=csv", "text/csv", csv, key);
                    assertThat(loaded.status()).isEqualTo(201);
                    assertThat(h.get("/api/v1/entities?q=" + Http.q("测试外部服务器症状")).json().get("entities").size())
                            .isEqualTo(1);
                    assertThat(h.delete("/api/v1/batches/" + loaded.json().get("batchId").asText(), key).status())
                            .isEqualTo(200);
                    assertThat(h.get("/api/v1/stats").json().get("relations").asLong())
                            .isEqualTo(stats.get("relations").asLong());
                } finally {
                    http.stop();
                }
            }
        } finally {
            neo4j.getOutputStream().close();
            if (!neo4j.waitFor(60, TimeUnit.SECONDS)) {
                neo4j.destroyForcibly();
            }
            TestGraph.deleteTree(dir);
        }
    }
}
