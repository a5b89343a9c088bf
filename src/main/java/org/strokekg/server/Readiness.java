package org.strokekg.server;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the graph and the indexes are open. The HTTP server starts first, so that a supervisor sees it live while
 * the graph starts and the seed loads; routes that need the services answer 503 until then.
 */
public final class Readiness {

    /** Startup stage for the health route: starting, ready, or failed with a reason. */
    public record State(String status, Optional<String> detail) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State("starting", Optional.empty()));

    public void stage(String detail) {
        state.set(new State("starting", Optional.of(detail)));
    }

    public void ready() {
        state.set(new State("ready", Optional.empty()));
    }

    public void failed(String reason) {
        state.set(new State("failed", Optional.of(reason)));
    }

    public State state() {
        return state.get();
    }

    public boolean isReady() {
        return state.get().status().equals("ready");
    }
}
