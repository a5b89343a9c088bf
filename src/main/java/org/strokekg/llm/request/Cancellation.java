package org.strokekg.llm.request;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag another thread sets to stop a generation; the loop checks it before every step. */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
