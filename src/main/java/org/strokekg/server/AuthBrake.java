package org.strokekg.server;

import java.time.Duration;

/**
 * How hard the server brakes a client that keeps failing to authenticate: {@code burst} failures, then one more per
 * {@code refill}. One server has one brake; a test harness whose many clients all come from 127.0.0.1 may loosen it
 * so that one test's deliberate failures do not hold up the next test.
 */
public record AuthBrake(int burst, Duration refill) {

    /** Ten failures, then one every six seconds. */
    public static final AuthBrake DEFAULT = new AuthBrake(AuthRateLimiter.BURST, Duration.ofSeconds(AuthRateLimiter.REFILL_SECONDS));

    public AuthBrake {
        if (burst < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("an auth brake needs a burst ≥ 1 and a positive refill");
        }
    }
}
