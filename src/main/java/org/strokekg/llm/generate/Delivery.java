package org.strokekg.llm.generate;

import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.llm.request.TokenSink;

/**
 * Hands one request's text to its {@link TokenSink} on a virtual thread of its own, in order, so that a slow consumer
 * (an SSE client on a slow link) never holds up the scheduler's thread and the other requests' steps. A sink that
 * throws stops receiving text; the scheduler sees {@link #failure()} and ends that request.
 */
final class Delivery implements TokenSink {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final TokenSink sink;
    private volatile Throwable failure;

    private record End(Runnable then) {
    }

    Delivery(TokenSink sink) {
        this.sink = sink;
        Thread.ofVirtual().name("strokekg-llm-sink").start(this::drain);
    }

    @Override
    public void onText(String text) {
        if (failure == null) {
            queue.add(text);
        }
    }

    /** Runs {@code then} on the delivery thread after every text queued so far has been handed over. */
    void end(Runnable then) {
        queue.add(new End(then));
    }

    /** What the sink threw, if it did. */
    Throwable failure() {
        return failure;
    }

    private void drain() {
        try {
            while (true) {
                Object item = queue.take();
                if (item instanceof End end) {
                    end.then().run();
                    return;
                }
                if (failure == null) {
                    try {
                        sink.onText((String) item);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                        LOG.debug("token sink failed; its generation stops: {}", e.toString());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
