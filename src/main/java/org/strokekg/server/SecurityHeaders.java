package org.strokekg.server;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The headers every response carries, whoever writes it: a route, Javalin's own error answers, or Jetty's error pages
 * for requests that never reach a route (a bad URI, headers too large, a body over its limit).
 */
final class SecurityHeaders {

    /** Strict: our own scripts, styles and images only; no inline script, no framing, no third-party origin. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";

    private static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY");

    private SecurityHeaders() {
    }

    static void apply(BiConsumer<String, String> setter) {
        HEADERS.forEach(setter);
    }
}
