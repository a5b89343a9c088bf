package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.llm.generate.SchedulerStats;
import org.strokekg.ops.LogOptions;
import org.strokekg.ops.Logs;
import org.strokekg.ops.Metrics;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * Operations on the real server: {@code GET /metrics} scraped and parsed as Prometheus text (requests per route
 * template and status, answer stages, evidence, emergency notices, ingest, indexes, JVM and models); JSON log lines
 * parsed, each line of a request naming its id, which every response echoes; no question text in a log or a label
 * unless the operator opted in.
 */
class ObservabilityTest {

    /** A question's words that must appear nowhere unless STROKEKG_LOG_QUESTIONS=true. */
    private static final String PRIVATE = "左手麻木三天了怎么办";
    private static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Metrics metrics;
    static Javalin server;
    static Javalin withQuestions;
    static Http http;
    static final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    record Sample(String name, Map<String, String> labels, double value) {
    }

    @BeforeAll
    static void start() {
        TestApp.app();
        metrics = Metrics.create();
        TestApp.app().bindMetrics(metrics);
        Readiness ready = new Readiness();
        ready.ready();
        var services = CompletableFuture.completedFuture(TestApp.app().serverServices());
        server = HttpApp.create(ready, services, new HttpOptions(Optional.of(metrics), true,
                new LogOptions(true, false))).start("127.0.0.1", 0);
        withQuestions = HttpApp.create(ready, services, new HttpOptions(Optional.empty(), false,
                new LogOptions(true, true))).start("127.0.0.1", 0);
        http = new Http("http://127.0.0.1:" + server.port());
        Logs.configure(new LogOptions(true, false), logs);
    }

    @AfterAll
    static void stop() {
        Logs.configure(LogOptions.DEFAULT);
        server.stop();
        withQuestions.stop();
    }

    @Test
    void metricsAreScrapedAndParsed() {
        String id = http.get("/api/v1/entities?q=偏瘫&limit=1").json().get("entities").get(0).get("id").asText();
        assertThat(http.get("/api/v1/entities/" + Http.q(id)).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/nothing-here").status()).isEqualTo(404);
        assertThat(http.postJson("/api/v1/answer", "{\"question\":\"" + PRIVATE + "\"}").status()).isEqualTo(200);
        assertThat(http.postJson("/api/v1/answer", "{\"question\":\"突然一侧手脚无力，口角歪斜，说话不清\"}").json()
                .get("emergency").get("level").asText()).isEqualTo("URGENT");
        assertThat(http.post("/api/v1/batches?dryRun=true&format=csv&name=m.csv", "text/csv",
                "subject,subject_type,predicate,object,object_type,source\n脑卒中,Disease,HAS_SYMPTOM,指标测试症状,Symptom,t\n",
                CURATOR).status()).isEqualTo(200);

        Http.Response scrape = http.get("/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.header("Content-Type").orElse("")).startsWith("text/plain");
        List<Sample> samples = parse(scrape.body());

        assertThat(value(samples, "strokekg_http_requests_seconds_count", Map.of("method", "GET",
                "route", "/api/v1/entities/{id}", "status", "200"))).isGreaterThanOrEqualTo(1);
        assertThat(value(samples, "strokekg_http_requests_seconds_count", Map.of("route", "unmatched",
                "status", "404"))).isGreaterThanOrEqualTo(1);
        assertThat(value(samples, "strokekg_http_requests_seconds_bucket", Map.of("route", "/api/v1/answer",
                "status", "200", "le", "+Inf"))).isGreaterThanOrEqualTo(2);
        for (String stage : List.of("link", "graph", "passages", "generate", "total")) {
            assertThat(value(samples, "strokekg_answer_stage_seconds_count", Map.of("stage", stage,
                    "model", "strokekg-evidence"))).as(stage).isGreaterThanOrEqualTo(2);
        }
        assertThat(value(samples, "strokekg_answer_evidence_count", Map.of("kind", "citations"))).isGreaterThanOrEqualTo(2);
        assertThat(value(samples, "strokekg_answer_emergency_total", Map.of("level", "URGENT"))).isGreaterThanOrEqualTo(1);
        assertThat(find(samples, "strokekg_answer_abstentions_total", Map.of())).isNotEmpty();
        assertThat(value(samples, "strokekg_ingest_rows_total", Map.of("status", "dry-run"))).isGreaterThanOrEqualTo(1);
        assertThat(value(samples, "strokekg_ingest_batch_seconds_count", Map.of("status", "dry-run")))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(samples, "strokekg_index_documents", Map.of("index", "entities"))).isGreaterThan(400);
        assertThat(value(samples, "strokekg_index_backlog", Map.of("index", "passages"))).isZero();
        assertThat(value(samples, "jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
        assertThat(find(samples, "process_cpu_usage", Map.of())).isNotEmpty();
        // labels are bounded: route templates, never a raw id, a question or a key
        for (Sample s : samples) {
            assertThat(s.labels().values()).noneMatch(v -> v.contains(PRIVATE) || v.contains(TestApp.CURATOR_KEY)
                    || v.equals("/api/v1/entities/" + id));
        }
        assertThat(scrape.body()).doesNotContain(PRIVATE).doesNotContain(TestApp.CURATOR_KEY);
    }

    @Test
    void schedulersAreMeasuredPerBaseModel() {
        Metrics m = Metrics.create();
        long[] tokens = {0};
        Supplier<Map<String, SchedulerStats>> stats = () -> Map.of("qwen-a",
                new SchedulerStats(3, 5, 100, 250, 1 << 20, tokens[0]));
        m.models(stats, java.util.Set.of("qwen-a"));
        parse(m.scrape());   // the first read of the rate starts its window
        tokens[0] = 400;
        List<Sample> samples = parse(m.scrape());
        assertThat(value(samples, "strokekg_model_queue", Map.of("model", "qwen-a"))).isEqualTo(5);
        assertThat(value(samples, "strokekg_model_batch", Map.of("model", "qwen-a"))).isEqualTo(3);
        assertThat(value(samples, "strokekg_model_batch_mean", Map.of("model", "qwen-a"))).isEqualTo(2.5);
        assertThat(value(samples, "strokekg_model_tokens_total", Map.of("model", "qwen-a"))).isEqualTo(400);
        assertThat(value(samples, "strokekg_model_tokens_per_second", Map.of("model", "qwen-a"))).isPositive();
        assertThat(value(samples, "strokekg_model_kv_cache", Map.of("model", "qwen-a"))).isEqualTo(1 << 20);
    }

    @Test
    void offOrOnAPortOfItsOwn() {
        Readiness ready = new Readiness();
        ready.ready();
        Javalin off = HttpApp.create(ready, CompletableFuture.completedFuture(TestApp.app().serverServices()),
                HttpOptions.DEFAULT).start("127.0.0.1", 0);
        Javalin apart = MetricsServer.create(metrics).start("127.0.0.1", 0);
        try {
            assertThat(new Http("http://127.0.0.1:" + off.port()).get("/metrics").status()).isEqualTo(404);
            Http.Response r = new Http("http://127.0.0.1:" + apart.port()).get("/metrics");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("jvm_memory_used_bytes");
        } finally {
            off.stop();
            apart.stop();
        }
    }

    @Test
    void jsonLinesCarryTheRequestIdAndNoQuestion() throws Exception {
        logs.reset();
        Http.Response given = http.postJson("/api/v1/answer", "{\"question\":\"" + PRIVATE + "\"}",
                "X-Request-Id", "req-given-1");
        assertThat(given.header("X-Request-Id")).contains("req-given-1");
        Http.Response fresh = http.get("/api/v1/stats");
        String generated = fresh.header("X-Request-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f]{24}");
        // errors carry it too: a 404, a refused key, a body too large, and a hostile id is replaced
        assertThat(http.get("/api/v1/nothing", "X-Request-Id", "req-404").header("X-Request-Id")).contains("req-404");
        assertThat(http.post("/api/v1/batches", "text/csv", "x", "X-Request-Id", "req-401",
                "Authorization", Http.bearer("a-wrong-key-0123456789")).header("X-Request-Id"))
                .contains("req-401");
        assertThat(http.postJson("/api/v1/answer", "{\"question\":\"" + "x".repeat(2 << 20) + "\"}",
                "X-Request-Id", "req-413").header("X-Request-Id")).contains("req-413");
        assertThat(http.get("/api/v1/stats", "X-Request-Id", "bad id <script>alert(1)</script>").header("X-Request-Id").orElseThrow())
                .matches("[0-9a-f]{24}");

        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // every line is one JSON object
            }
        }
        assertThat(lines).allSatisfy(l -> assertThat(l.has("time") && l.has("level") && l.has("logger")
                && l.has("message")).isTrue());
        List<JsonNode> ofGiven = lines.stream().filter(l -> l.path("requestId").asText().equals("req-given-1")).toList();
        assertThat(ofGiven).extracting(l -> l.get("logger").asText())
                .contains("strokekg.access", AnswerEvents.class.getName());
        assertThat(lines.stream().filter(l -> l.path("requestId").asText().equals(generated))).isNotEmpty();
        assertThat(lines.stream().filter(l -> l.path("requestId").asText().equals("req-401"))
                .map(l -> l.get("logger").asText())).contains(AuthRateLimiter.class.getName(), "strokekg.access");
        assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain(PRIVATE);

        // the operator's opt-in: then the question is logged, with its request's id
        logs.reset();
        new Http("http://127.0.0.1:" + withQuestions.port()).postJson("/api/v1/answer",
                "{\"question\":\"" + PRIVATE + "\"}", "X-Request-Id", "req-opt-in");
        assertThat(logs.toString(StandardCharsets.UTF_8).lines().map(ObservabilityTest::json)
                .filter(l -> l.path("requestId").asText().equals("req-opt-in"))
                .map(l -> l.get("message").asText())).anyMatch(m -> m.contains(PRIVATE));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** Prometheus text format 0.0.4: comments, then {@code name{label="value",…} value} lines. */
    static List<Sample> parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                assertThat(line.isBlank() || line.startsWith("# HELP ") || line.startsWith("# TYPE ")).as(line).isTrue();
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            String v = m.group(4);
            out.add(new Sample(m.group(1), labels, v.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v)));
        }
        return out;
    }

    static List<Sample> find(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> found = find(samples, name, labels);
        assertThat(found).as(name + labels).isNotEmpty();
        return found.stream().mapToDouble(Sample::value).sum();
    }
}
