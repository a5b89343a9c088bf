package org.strokekg.server;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.TooManyRequestsException;

/**
 * A brake on guessing keys: each client (an IPv4 address, or an IPv6 /64, which one host can easily fill) may fail to
 * authenticate {@value #BURST} times, and once more every {@value #REFILL_SECONDS} s after that (by default: see {@link AuthBrake}). A client out of
 * attempts is answered 429 with {@code Retry-After} for every request that needs a key, right or wrong, until it
 * has one again, so the brake cannot be used to tell a right key from a wrong one. Failures are logged with the client
 * and the reason, never the key; the log is bounded by the brake itself (a client is logged at most
 * {@value #BURST} times, then once when it is stopped).
 */
final class AuthRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(AuthRateLimiter.class);
    static final int BURST = 10;
    static final long REFILL_SECONDS = 6;
    /** Clients remembered at most; past that, the ones with a full allowance are forgotten first. */
    static final int MAX_CLIENTS = 10_000;


    /** Attempts left at {@code at} (nanos); refills as time passes. */
    private record Allowance(double left, long at, boolean stopped) {
    }

    private final Map<String, Allowance> clients = new ConcurrentHashMap<>();
    private final LongSupplier nanos;
    private final int burst;
    private final long refillNanos;

    AuthRateLimiter(AuthBrake brake) {
        this(brake, System::nanoTime);
    }

    /** With a clock of its own, for a test that moves time on. */
    AuthRateLimiter(LongSupplier nanos) {
        this(AuthBrake.DEFAULT, nanos);
    }

    private AuthRateLimiter(AuthBrake brake, LongSupplier nanos) {
        this.nanos = nanos;
        this.burst = brake.burst();
        this.refillNanos = brake.refill().toNanos();
    }

    /** Refuses a client that has no attempt left, with the seconds until it has one. */
    void check(String client) {
        Allowance a = clients.get(key(client));
        if (a == null) {
            return;
        }
        double left = refilled(a, nanos.getAsLong());
        if (left < 1) {
            long wait = (long) Math.ceil((1 - left) * refillNanos / 1e9);
            throw new TooManyRequestsException("too many failed authentications from this client: try again in "
                    + wait + " s", Math.max(1, wait));
        }
    }

    /** Counts a failed authentication of {@code client} and logs it (without the key). */
    void failed(String client, String method, String path, String reason) {
        long now = nanos.getAsLong();
        String key = key(client);
        Allowance after = clients.compute(key, (k, a) -> {
            double left = a == null ? burst : refilled(a, now);
            return new Allowance(Math.max(0, left - 1), now, left - 1 < 1);
        });
        if (after.stopped()) {
            log.warn("authentication failed from {} on {} {}: {}; {} failures: further attempts refused with 429 for "
                    + "{} s", client, method, path, reason, burst, TimeUnit.NANOSECONDS.toSeconds(refillNanos));
        } else {
            log.warn("authentication failed from {} on {} {}: {} ({} attempts left)", client, method, path, reason,
                    (int) after.left());
        }
        if (clients.size() > MAX_CLIENTS) {
            forgetRested(now);
        }
    }

    private double refilled(Allowance a, long now) {
        return Math.min(burst, a.left() + (double) (now - a.at()) / refillNanos);
    }

    private void forgetRested(long now) {
        for (Iterator<Map.Entry<String, Allowance>> it = clients.entrySet().iterator(); it.hasNext(); ) {
            if (refilled(it.next().getValue(), now) >= burst) {
                it.remove();
            }
        }
    }

    /** The client's key: the IPv4 address, or the IPv6 address's first 64 bits. */
    static String key(String ip) {
        if (ip.indexOf(':') < 0) {
            return ip;
        }
        String[] groups = expand(ip);
        return groups == null ? ip : String.join(":", groups[0], groups[1], groups[2], groups[3]) + "::/64";
    }

    private static String[] expand(String ip) {
        String s = ip.startsWith("[") ? ip.substring(1, ip.indexOf(']') < 0 ? ip.length() : ip.indexOf(']')) : ip;
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        String[] halves = s.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":") : new String[0];
        String[] out = new String[8];
        java.util.Arrays.fill(out, "0");
        if (head.length + tail.length > 8) {
            return null;
        }
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, 8 - tail.length, tail.length);
        return out;
    }
}
