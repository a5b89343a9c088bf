package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.RawHttp;
import org.strokekg.testing.TestApp;

/**
 * Every error answer is problem JSON with the security headers and a detail that is true: a handler's 404 names what
 * is missing, a wrong method is 405 with Allow, bad input is 400 whichever layer finds it (JSON, UTF-8, multipart,
 * %-escapes, Jetty's own parsing), and no detail names a Java or Jackson class.
 */
class TruthfulErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base = TestApp.baseUrl();
    private final Http http = new Http(base);
    private static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};
    private static final String[] READER = {"Authorization", Http.bearer(TestApp.READER_KEY)};

    @Test
    void handlersKeepTheDetailOfTheirOwn404s() {
        assertDetail(http.get("/api/v1/entities/no-such-entity"), 404, "no entity no-such-entity");
        assertDetail(http.get("/api/v1/entities/no-such-entity/neighbours"), 404, "no entity no-such-entity");
        assertDetail(http.get("/api/v1/batches/b-0000000000000000", READER), 404, "no batch b-0000000000000000");
        assertDetail(http.delete("/api/v1/batches/b-0000000000000000", CURATOR), 404, "no batch b-0000000000000000");
        assertDetail(http.postJson("/api/v1/entities/no-such-entity/merge", "{\"from\":\"stroke\"}", CURATOR), 404,
                "no-such-entity");
        assertDetail(http.postJson("/api/v1/answer", "{\"question\":\"中风\",\"model\":\"no-such-model\"}"), 404,
                "no model 'no-such-model'");
        assertDetail(http.get("/api/v1/paths?from=stroke&to=no-such-entity"), 404, "no entity no-such-entity");
        assertDetail(http.get("/api/v1/no-such-route"), 404, "no route GET /api/v1/no-such-route");
    }

    @Test
    void anUnknownModelOnTheStreamIs404BeforeAny200() {
        Http.Response r = http.postJson("/api/v1/answer/stream", "{\"question\":\"中风\",\"model\":\"no-such-model\"}");
        assertDetail(r, 404, "no model 'no-such-model'");
        Http.Response chat = http.postJson("/v1/chat/completions", "{\"model\":\"no-such-model\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"中风\"}]}");
        assertThat(chat.status()).isEqualTo(404);
    }

    @Test
    void aWrongMethodIs405WithAllow() {
        Http.Response r = http.delete("/api/v1/stats");
        assertDetail(r, 405, "DELETE is not allowed");
        assertThat(r.header("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET").doesNotContain("POST"));
        Http.Response put = RawHttpResponse.of(RawHttp.raw(base, "PUT /api/v1/batches HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n"));
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).hasValueSatisfying(a -> assertThat(a).contains("GET", "POST"));
    }

    @Test
    void badInputIs400WhicheverLayerFindsIt() {
        assertField(http.postJson("/api/v1/answer", "{\"question\":\"\\u0000\"}"), "question");
        assertField(http.postJson("/api/v1/answer", "{\"question\":\"中风\\u0007\"}"), "question");
        assertField(http.postJson("/api/v1/answer", "{\"question\":\"\\ud800x\"}"), "question");
        assertField(http.postJson("/api/v1/answer", "{\"question\":\"中风\"} trailing"), "body");
        assertField(http.postJson("/api/v1/answer", "{\"question\":\"中风\",\"question\":\"x\"}"), "body");
        assertField(http.postJson("/api/v1/answer", "[".repeat(5000)), "body");
        // an overlong encoding of '/' (C0 AF) inside the JSON text
        String body = "{\"question\":\"\u00C0\u00AF\"}"; // written as ISO-8859-1: the bytes C0 AF
        Http.Response overlong = RawHttpResponse.of(RawHttp.raw(base, "POST /api/v1/answer HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body));
        assertField(overlong, "body");
        for (String query : java.util.List.of("q=%E4%zz", "q=%", "q=%E4%B8", "q=x&limit=%3")) {
            assertField(RawHttpResponse.of(RawHttp.raw(base, "GET /api/v1/entities?" + query + " HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n")), "query");
        }
        assertField(http.get("/api/v1/entities?q=%FF"), "query");
        assertField(http.get("/api/v1/entities/a%22b"), "id");
        assertField(http.get("/api/v1/entities/a%3Cscript%3E"), "id");
        assertField(http.postJson("/api/v1/entities/stroke/merge", "{\"from\":\"x'y\"}", CURATOR), "from");
    }

    @Test
    void malformedMultipartBodiesAre400() {
        List<String> bodies = List.of(
                "no boundary at all",
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nsubject\r\n",
                "--XyZ\r\n\r\n\r\n--XyZ--\r\n",
                "--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n",
                "--XyZ--\r\n",
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n",
                "--XyZ\r\nContent-Disposition: garbage\r\nContent-Type\r\n\r\nx\r\n--XyZ--\r\n");
        for (String body : bodies) {
            Http.Response r = http.post("/api/v1/batches", "multipart/form-data; boundary=XyZ", body, CURATOR);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertProblem(r);
        }
        Http.Response noBoundary = http.post("/api/v1/batches", "multipart/form-data", "x", CURATOR);
        assertThat(noBoundary.status()).isEqualTo(400);
    }

    @Test
    void jettysOwnErrorPagesAreProblemJsonWithTheSecurityHeaders() throws Exception {
        Map<String, String> requests = Map.of(
                "bad %-escape in the path", "GET /api/v1/entities/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "headers too large", "GET /api/v1/stats HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n",
                "a broken request line", "GET\r\n\r\n",
                "an unknown HTTP version", "GET /api/v1/stats HTTP/7.0\r\nHost: x\r\n\r\n",
                "no Host header", "GET /api/v1/stats HTTP/1.1\r\nConnection: close\r\n\r\n",
                "a bad header line", "GET /api/v1/stats HTTP/1.1\r\nHost: x\r\nNo colon here\r\nConnection: close\r\n\r\n",
                "a bad chunk", "POST /api/v1/answer HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                        + "Content-Type: application/json\r\nConnection: close\r\n\r\nzz\r\n");
        for (var e : requests.entrySet()) {
            RawHttp.Answer a = RawHttp.raw(base, e.getValue());
            assertThat(a.status()).as(e.getKey() + ": " + a.text()).isBetween(400, 505);
            assertThat(a.header("Content-Type")).as(e.getKey()).startsWith("application/problem+json");
            assertThat(a.header("Content-Security-Policy")).as(e.getKey()).contains("default-src 'self'");
            assertThat(a.header("X-Frame-Options")).as(e.getKey()).isEqualTo("DENY");
            JsonNode p = JSON.readTree(a.body());
            assertThat(p.get("status").asInt()).as(e.getKey()).isEqualTo(a.status());
            assertNoClassNames(p.get("detail").asText());
        }
    }

    @Test
    void aReaderKeyMayListBatchesButNotChangeThem() {
        assertThat(http.get("/api/v1/batches", READER).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/batches").status()).isEqualTo(401);
        assertThat(http.delete("/api/v1/batches/b-0000000000000000", READER).status()).isEqualTo(403);
    }

    @Test
    void answersAreNeverCached() {
        Http.Response r = http.postJson("/api/v1/answer", "{\"question\":\"中风后手臂僵硬怎么办\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).contains("no-store");
        Http.Response stream = http.postJson("/api/v1/answer/stream", "{\"question\":\"中风\"}");
        assertThat(stream.header("Cache-Control")).contains("no-store");
        assertThat(http.get("/api/v1/entities/stroke").header("Cache-Control")).contains("no-store");
    }

    static void assertDetail(Http.Response r, int status, String detail) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode p = assertProblem(r);
        assertThat(p.get("detail").asText()).contains(detail);
    }

    static void assertField(Http.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        JsonNode p = assertProblem(r);
        assertThat(p.path("field").asText()).as(r.body()).isEqualTo(field);
    }

    static JsonNode assertProblem(Http.Response r) {
        assertThat(r.header("Content-Type")).as(r.body()).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(r.header("Content-Security-Policy")).isPresent();
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(r.status());
        assertNoClassNames(p.get("detail").asText());
        assertNoClassNames(p.path("reason").asText());
        return p;
    }

    static void assertNoClassNames(String detail) {
        assertThat(detail).doesNotContainPattern("\\b(java|javax|jakarta|com\\.fasterxml|org\\.eclipse|io\\.javalin)\\.")
                .doesNotContain("Exception").doesNotContain("jackson").doesNotContain("StreamReadFeature");
    }

    /** A raw answer seen as the test client's response. */
    private static final class RawHttpResponse {
        static Http.Response of(RawHttp.Answer a) {
            Map<String, List<String>> headers = new java.util.HashMap<>();
            for (String line : a.text().split("\r\n")) {
                int colon = line.indexOf(':');
                if (line.isEmpty()) {
                    break;
                }
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new java.util.ArrayList<>())
                            .add(line.substring(colon + 1).strip());
                }
            }
            return new Http.Response(a.status(), headers, a.body());
        }
    }
}
