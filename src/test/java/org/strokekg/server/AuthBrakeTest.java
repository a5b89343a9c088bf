package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.strokekg.error.TooManyRequestsException;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * Failed authentications are braked per client: after {@value AuthRateLimiter#BURST} failures a client is answered
 * 429 with Retry-After, for a right key too (so the brake tells nothing about keys), and is let in again as time
 * passes. Clients are told apart by address (an IPv6 /64 counts as one).
 */
class AuthBrakeTest {

    @Test
    void aClientThatKeepsGuessingIsAnswered429WithRetryAfter() {
        Readiness ready = new Readiness();
        ready.ready();
        // a server of its own: its brake must not hold up the other tests' clients on 127.0.0.1
        Javalin app = HttpApp.create(ready, CompletableFuture.completedFuture(TestApp.app().serverServices()))
                .start("127.0.0.1", 0);
        try {
            Http h = new Http("http://127.0.0.1:" + app.port());
            int refused = 0;
            for (int i = 0; i < AuthRateLimiter.BURST; i++) {
                Http.Response r = h.delete("/api/v1/batches/b-0000000000000000", "Authorization",
                        Http.bearer("wrong-key-" + "x".repeat(16) + i));
                assertThat(r.status()).isEqualTo(401);
                refused++;
            }
            Http.Response braked = h.delete("/api/v1/batches/b-0000000000000000", "Authorization",
                    Http.bearer("wrong-key-again-xxxxxxxx"));
            assertThat(braked.status()).isEqualTo(429);
            assertThat(braked.header("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
            assertThat(braked.json().get("title").asText()).isEqualTo("Too many requests");
            // the right key is braked too: a 429 cannot tell a right guess from a wrong one
            assertThat(h.get("/api/v1/batches", "Authorization", Http.bearer(TestApp.CURATOR_KEY)).status())
                    .isEqualTo(429);
            // routes that need no key are not braked
            assertThat(h.get("/api/v1/stats").status()).isEqualTo(200);
            assertThat(refused).isEqualTo(AuthRateLimiter.BURST);
        } finally {
            app.stop();
        }
    }

    @Test
    void theBrakeLetsAClientInAgainAsTimePasses() {
        AtomicLong now = new AtomicLong();
        AuthRateLimiter brake = new AuthRateLimiter(now::get);
        for (int i = 0; i < AuthRateLimiter.BURST; i++) {
            brake.check("10.0.0.7");
            brake.failed("10.0.0.7", "DELETE", "/api/v1/batches/x", "unknown API key");
        }
        assertThatThrownBy(() -> brake.check("10.0.0.7")).isInstanceOf(TooManyRequestsException.class)
                .satisfies(e -> assertThat(((TooManyRequestsException) e).retryAfterSeconds())
                        .isEqualTo(AuthRateLimiter.REFILL_SECONDS));
        brake.check("10.0.0.8"); // another client is not held up
        now.addAndGet(java.util.concurrent.TimeUnit.SECONDS.toNanos(AuthRateLimiter.REFILL_SECONDS));
        brake.check("10.0.0.7");
        brake.failed("10.0.0.7", "DELETE", "/api/v1/batches/x", "unknown API key");
        assertThatThrownBy(() -> brake.check("10.0.0.7")).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        assertThat(AuthRateLimiter.key("2001:db8:1:2:aaaa::1")).isEqualTo(AuthRateLimiter.key("2001:db8:1:2:bbbb::9"));
        assertThat(AuthRateLimiter.key("2001:db8:1:2::1")).isNotEqualTo(AuthRateLimiter.key("2001:db8:1:3::1"));
        assertThat(AuthRateLimiter.key("[::1]")).isEqualTo("0:0:0:0::/64");
        assertThat(AuthRateLimiter.key("192.0.2.1")).isEqualTo("192.0.2.1");
    }
}
