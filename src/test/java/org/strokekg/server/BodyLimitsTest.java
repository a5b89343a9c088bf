package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.RawHttp;
import org.strokekg.testing.TestApp;

/**
 * Every request body is bounded as it streams, per route: a chunked body (no Content-Length to check) over the
 * route's limit is answered 413 problem JSON once the limit is passed, not read to its end; a declared length over it
 * is answered at once. While four large chunked bodies pour in, the server stays live.
 */
class BodyLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base = TestApp.baseUrl();
    private final String curator = "Authorization: " + Http.bearer(TestApp.CURATOR_KEY);

    @Test
    void chunkedJsonBodiesOverOneMebibyteAre413OnEveryJsonRoute() throws Exception {
        for (String route : List.of("POST /api/v1/answer", "POST /api/v1/answer/stream", "POST /v1/chat/completions",
                "POST /api/v1/entities/stroke/merge")) {
            long size = 64L << 20;
            RawHttp.Answer a = RawHttp.chunked(base, route + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + curator, size, (byte) ' ');
            assertThat(a.status()).as(route).isEqualTo(413);
            problem(a, route);
            // the server stopped reading at the limit and closed: the rest never left the client's buffers
            assertThat(a.bytesSent()).as("%s: the body was not read to its end", route).isLessThan(size / 2);
        }
    }

    @Test
    void chunkedUploadsOverSixtyFourMebibytesAre413RawOrMultipart() throws Exception {
        long over = BodyLimits.UPLOAD_BYTES + (4 << 20);
        RawHttp.Answer raw = RawHttp.chunked(base, "POST /api/v1/batches?format=csv HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: text/csv\r\n" + curator, over, (byte) 'a');
        assertThat(raw.status()).isEqualTo(413);
        problem(raw, "raw upload");
        RawHttp.Answer multipart = RawHttp.chunked(base, "POST /api/v1/batches HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: multipart/form-data; boundary=XyZ\r\n" + curator, over, (byte) 'a');
        assertThat(multipart.status()).isIn(413, 400);
        problem(multipart, "multipart upload");
        // a body just over the JSON limit is fine for an upload: the limit is the route's
        RawHttp.Answer small = RawHttp.chunked(base, "POST /api/v1/batches?format=csv&dryRun=true HTTP/1.1\r\n"
                + "Host: x\r\nContent-Type: text/csv\r\n" + curator, BodyLimits.JSON_BYTES + 10, (byte) 'a');
        assertThat(small.status()).isNotEqualTo(413);
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBody() throws Exception {
        RawHttp.Answer a = RawHttp.raw(base, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                + "application/json\r\nContent-Length: 95000000\r\n\r\n{");
        assertThat(a.status()).isEqualTo(413);
        JsonNode p = problem(a, "declared length");
        assertThat(p.get("detail").asText()).contains("at most 1 MiB").contains("95000000");
    }

    @Test
    void theServerStaysLiveWhileLargeChunkedBodiesPourIn() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<RawHttp.Answer>> flood = new ArrayList<>();
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < 4; i++) {
            flood.add(CompletableFuture.supplyAsync(() -> RawHttp.chunked(base, "POST /v1/chat/completions HTTP/1.1\r\n"
                    + "Host: x\r\nContent-Type: application/json", 40L << 20, (byte) '['), senders));
        }
        long worst = 0;
        int probes = 0;
        while (flood.stream().anyMatch(f -> !f.isDone()) || probes < 5) {
            long t0 = System.nanoTime();
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(base + "/health/live"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            worst = Math.max(worst, System.nanoTime() - t0);
            probes++;
            Thread.sleep(20);
        }
        senders.close();
        for (CompletableFuture<RawHttp.Answer> f : flood) {
            assertThat(f.get().status()).isEqualTo(413);
        }
        System.out.printf("liveness during 4 x 40 MB chunked bodies: %d probes, worst %.1f ms%n", probes, worst / 1e6);
    }

    private static JsonNode problem(RawHttp.Answer a, String what) throws Exception {
        assertThat(a.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(a.header("Content-Security-Policy")).as(what).contains("default-src 'self'");
        assertThat(a.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        JsonNode p = JSON.readTree(a.body());
        assertThat(p.get("status").asInt()).as(what).isEqualTo(a.status());
        assertThat(p.get("title").asText()).as(what).isNotBlank();
        return p;
    }
}
