package org.strokekg.server;

import java.util.Objects;
import java.util.Optional;
import org.strokekg.ops.LogOptions;
import org.strokekg.ops.Metrics;

/**
 * How the HTTP server observes itself, and how hard it brakes clients that keep failing to authenticate.
 *
 * @param metrics      where requests, answers and loads are measured; empty = not at all ({@code STROKEKG_METRICS=false})
 * @param metricsRoute serve {@code GET /metrics} on this server (false when it has a port of its own)
 * @param log          whether question and answer text may be logged
 * @param authBrake    failed authentications a client may make before it is answered 429
 */
public record HttpOptions(Optional<Metrics> metrics, boolean metricsRoute, LogOptions log, AuthBrake authBrake) {

    public static final HttpOptions DEFAULT = new HttpOptions(Optional.empty(), false, LogOptions.DEFAULT);

    public HttpOptions {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(authBrake, "authBrake");
    }

    /** With the default brake. */
    public HttpOptions(Optional<Metrics> metrics, boolean metricsRoute, LogOptions log) {
        this(metrics, metricsRoute, log, AuthBrake.DEFAULT);
    }
}
