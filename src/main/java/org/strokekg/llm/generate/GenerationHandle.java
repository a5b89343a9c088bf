package org.strokekg.llm.generate;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.strokekg.error.RetriableException;
import org.strokekg.llm.request.Cancellation;
import org.strokekg.llm.request.GenerationResult;

/**
 * A generation under way in the model's scheduler: its result to come, and a way to stop it (e.g. when the client
 * disconnects): a cancelled generation leaves the batch at the next step, frees its cache, and completes with what it
 * had, finish reason {@link FinishReason#CANCELLED}.
 */
public final class GenerationHandle {

    private final CompletableFuture<GenerationResult> result;
    private final Cancellation cancellation;

    GenerationHandle(CompletableFuture<GenerationResult> result, Cancellation cancellation) {
        this.result = result;
        this.cancellation = cancellation;
    }

    /** Completes once the generation has stopped and every piece of text has reached the sink. */
    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    public void cancel() {
        cancellation.cancel();
    }

    public boolean isCancelled() {
        return cancellation.isCancelled();
    }

    /** Waits for the result; the engine's own exceptions come out as they were thrown. */
    public GenerationResult await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while generating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw new RetriableException("the generation was abandoned", e);
        }
    }
}
