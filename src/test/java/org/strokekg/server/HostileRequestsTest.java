package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.RawHttp;
import org.strokekg.testing.TestApp;

/**
 * The independent attack run, kept as a test: every route of {@code /openapi.json} is scanned for its key rules, then
 * fuzzed with well over 1,000 hostile requests (injection strings, control characters, broken escapes and JSON,
 * wrong types, huge numbers, garbage uploads, malformed and wrong keys). Not one may answer 5xx, every error must be
 * problem JSON with the security headers and no class names, and the graph must be as it was.
 */
class HostileRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int FUZZ_REQUESTS = 1_200;

    private static Javalin server;
    private static String base;
    private static Http http;

    /** A route of the OpenAPI document: its method, path and what key it asks for. */
    record Route(String method, String path, String security, List<String> params) {
    }

    @BeforeAll
    static void start() {
        Readiness ready = new Readiness();
        ready.ready();
        // a server of its own, so that its brake on wrong keys holds up no other test's client on 127.0.0.1
        server = HttpApp.create(ready, CompletableFuture.completedFuture(TestApp.app().serverServices()))
                .start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        http = new Http(base);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static List<Route> routes() throws Exception {
        JsonNode doc = JSON.readTree(new Http(TestApp.baseUrl()).get("/openapi.json").body());
        List<Route> routes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            var path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                String security = op.getValue().has("security")
                        ? op.getValue().get("security").get(0).fieldNames().next() : "";
                List<String> params = new ArrayList<>();
                op.getValue().path("parameters").forEach(p -> {
                    if (p.get("in").asText().equals("query")) {
                        params.add(p.get("name").asText());
                    }
                });
                routes.add(new Route(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), security, params));
            }
        }
        return routes;
    }

    @Test
    void everyRouteKeepsItsKeyRules() throws Exception {
        Map<String, Long> before = graphState();
        List<Route> routes = routes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(18);
        String seedBatch = new Http(TestApp.baseUrl()).get("/api/v1/batches?limit=1", "Authorization",
                Http.bearer(TestApp.READER_KEY)).json().get("batches").get(0).get("id").asText();
        for (Route r : routes) {
            String path = r.path().replace("{id}", r.path().startsWith("/api/v1/batches") ? seedBatch : "stroke");
            String body = r.path().endsWith("/merge") ? "{\"from\":\"hemiplegia\"}" : "{\"question\":\"中风\"}";
            String what = r.method() + " " + r.path();
            if (r.security().isEmpty()) {
                assertThat(send(r.method(), path, body, "Authorization", Http.bearer("not-a-key-at-all-00"))
                        .status()).as(what).isNotIn(401, 403);
                continue;
            }
            assertThat(send(r.method(), path, body).status()).as(what + " without a key").isEqualTo(401);
            assertThat(send(r.method(), path, body, "Authorization", "Basic dXNlcjpwYXNz").status())
                    .as(what + " with Basic").isIn(401, 429);
            assertThat(send(r.method(), path, body, "Authorization", Http.bearer("wrong-" + TestApp.CURATOR_KEY))
                    .status()).as(what + " with a wrong key").isIn(401, 429);
            int reader = send(r.method(), path, body, "Authorization", Http.bearer(TestApp.READER_KEY)).status();
            if (r.security().equals("curatorKey")) {
                assertThat(reader).as(what + " with a reader key").isIn(403, 429);
            } else {
                assertThat(reader).as(what + " with a reader key").isIn(200, 429);
            }
        }
        assertThat(graphState()).isEqualTo(before);
    }

    @Test
    void aThousandHostileRequestsAnswerNo5xxAndLeaveTheGraphAsItWas() throws Exception {
        Map<String, Long> before = graphState();
        List<Route> routes = routes();
        Random random = new Random(20261207);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        String previous = "";
        for (int i = 0; i < FUZZ_REQUESTS; i++) {
            Route r = routes.get(random.nextInt(routes.size()));
            // wrong keys last: once the brake holds this client, keyed routes answer 429 and are not reached
            boolean wrongKeys = i >= FUZZ_REQUESTS - 150;
            Outcome o;
            try {
                o = i % 10 == 7 ? raw(r, random) : request(r, random, wrongKeys);
            } catch (java.io.UncheckedIOException e) {
                o = new Outcome(r.method() + " " + r.path() + " after " + previous, -1, null, null, e.toString());
            }
            previous = o.request() + " (" + o.status() + ")";
            statuses.merge(o.status(), 1, Integer::sum);
            String problem = check(o);
            if (problem != null) {
                failures.add(o.request() + " -> " + o.status() + ": " + problem);
            }
        }
        System.out.println("hostile requests by status: " + statuses);
        assertThat(failures).as("requests that failed the rules").isEmpty();
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(1_000);
        assertThat(statuses.keySet()).allMatch(s -> s < 500);
        assertThat(graphState()).as("the graph after the fuzz").isEqualTo(before);
    }

    /** What a request got. */
    record Outcome(String request, int status, String contentType, String csp, String body) {
    }

    private static String check(Outcome o) {
        if (o.status() >= 500 || o.status() < 100) {
            return "server error or no answer: " + o.body();
        }
        if (o.csp() == null || !o.csp().contains("default-src 'self'")) {
            return "no Content-Security-Policy";
        }
        if (o.status() >= 400) {
            if (o.contentType() == null || !o.contentType().startsWith("application/problem+json")) {
                return "not problem JSON: " + o.contentType();
            }
            try {
                String detail = JSON.readTree(o.body()).path("detail").asText();
                if (detail.matches("(?s).*\\b(java|javax|jakarta|com\\.fasterxml|org\\.eclipse|io\\.javalin)\\..*")
                        || detail.contains("Exception") || detail.contains("jackson")) {
                    return "a class name in the detail: " + detail;
                }
            } catch (Exception e) {
                return "an unreadable problem: " + o.body();
            }
        }
        return null;
    }

    private static Outcome request(Route r, Random random, boolean wrongKeys) {
        String path = r.path().replace("{id}", Http.q(Hostile.pick(random, Hostile.IDS)));
        StringBuilder query = new StringBuilder();
        for (String p : r.params()) {
            if (random.nextInt(3) > 0) {
                String v = p.equals("dryRun") ? "true" : Hostile.pick(random, Hostile.VALUES);
                query.append(query.isEmpty() ? "?" : "&").append(p).append('=').append(Http.q(v));
            }
        }
        if (r.path().equals("/api/v1/batches") && r.method().equals("POST")) {
            // a curator's fuzzed upload is a dry run: the fuzz must not write
            query.append(query.isEmpty() ? "?" : "&").append("dryRun=true");
        }
        String[] auth = wrongKeys ? Hostile.wrongKey(random) : switch (random.nextInt(3)) {
            case 0 -> new String[0];
            case 1 -> new String[] {"Authorization", Http.bearer(TestApp.READER_KEY)};
            default -> r.path().endsWith("/merge") || r.method().equals("DELETE") || r.path().equals("/api/v1/batches")
                    ? new String[] {"Authorization", Http.bearer(TestApp.CURATOR_KEY)} : new String[0];
        };
        Http.Response resp;
        String target = path + query;
        if (r.method().equals("POST")) {
            if (r.path().equals("/api/v1/batches") && random.nextBoolean()) {
                resp = http.upload(target, Hostile.pick(random, Hostile.VALUES) + ".csv", Hostile.upload(random), auth);
            } else {
                String[] ct = Hostile.contentType(random, r.path());
                resp = http.post(target, ct[0], Hostile.body(random, r.path()), auth);
            }
        } else if (r.method().equals("DELETE")) {
            resp = http.delete(target, auth);
        } else {
            resp = http.get(target, auth);
        }
        return new Outcome(r.method() + " " + target, resp.status(), resp.header("Content-Type").orElse(null),
                resp.header("Content-Security-Policy").orElse(null), resp.body());
    }

    /** A request no well-behaved client sends: raw escapes, odd methods, broken framing. */
    private static Outcome raw(Route r, Random random) {
        String target = r.path().replace("{id}", Hostile.pick(random, Hostile.RAW_SEGMENTS))
                + Hostile.pick(random, Hostile.RAW_QUERIES);
        String method = random.nextInt(4) == 0 ? Hostile.pick(random, new String[] {"PUT", "PATCH", "OPTIONS", "TRACE",
                "HEAD", "FOO"}) : r.method();
        String body = Hostile.body(random, r.path());
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        RawHttp.Answer a = RawHttp.raw(base, method + " " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: "
                + "application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n"
                + new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        if (method.equals("HEAD")) {
            return new Outcome(method + " " + target, a.status(), "application/problem+json",
                    a.header("Content-Security-Policy"), "{}");
        }
        return new Outcome(method + " " + target, a.status(), a.header("Content-Type"),
                a.header("Content-Security-Policy"), a.body());
    }

    private static Http.Response send(String method, String path, String body, String... headers) {
        return switch (method) {
            case "GET" -> http.get(path, headers);
            case "DELETE" -> http.delete(path, headers);
            default -> http.postJson(path, body, headers);
        };
    }

    /** The graph's counts and batches, compared before and after. */
    static Map<String, Long> graphState() {
        JsonNode stats = new Http(TestApp.baseUrl()).get("/api/v1/stats").json();
        Map<String, Long> state = new TreeMap<>();
        for (String k : List.of("entities", "relations", "passages", "batches")) {
            state.put(k, stats.get(k).asLong());
        }
        state.put("stamp", (long) org.strokekg.graph.BatchStamp.current(TestApp.app().store()).hashCode());
        return state;
    }
}
