package org.strokekg.ops;

import java.util.OptionalInt;

/**
 * Whether and where {@code GET /metrics} is served.
 *
 * @param enabled {@code STROKEKG_METRICS} (default true)
 * @param port    {@code STROKEKG_METRICS_PORT}: a port of its own on the same host (so a firewall can keep it from
 *                the users of the API); empty = the HTTP port
 */
public record MetricsOptions(boolean enabled, OptionalInt port) {

    public static final MetricsOptions DEFAULT = new MetricsOptions(true, OptionalInt.empty());
}
