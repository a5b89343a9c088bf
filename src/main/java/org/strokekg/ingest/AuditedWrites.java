package org.strokekg.ingest;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.AccessDeniedException;
import org.strokekg.error.ConflictException;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;
import org.strokekg.graph.AuditLog;

/**
 * The one way a curator write reaches the graph: it is audited (an event {@code pending} before, its outcome after,
 * see {@link AuditLog}) and runs one at a time with the other writes of this process, because a load plans against the
 * names it read before its write. A new kind of write gets both by going through {@link #write}; there is no other way
 * to take the lock.
 */
final class AuditedWrites {

    private static final Logger log = LoggerFactory.getLogger(AuditedWrites.class);

    /** How a write ended, as the audit trail records it: a word, the target (e.g. the batch), and a short detail. */
    record Outcome(String outcome, String target, String detail) {
        Outcome {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private final AuditLog audit;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();

    AuditedWrites(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** Audits {@code work} and runs it under the write lock. */
    <T> T write(String action, String curator, String target, Supplier<T> work, Function<T, Outcome> outcome) {
        return audited(action, curator, target, () -> locked(work), outcome);
    }

    /**
     * Audits {@code work}, which takes the lock itself for the part that writes (a load reads and validates its files
     * first, unlocked, so that one curator's large upload does not hold up another's undo).
     */
    <T> T audited(String action, String curator, String target, Supplier<T> work, Function<T, Outcome> outcome) {
        // no event, no write: a graph that cannot record the event refuses the write too
        String id = audit.begin(curator, action, target, clock.instant());
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            finish(id, curator, action, new Outcome(refused(e) ? "refused" : "failed", target,
                    Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName())));
            throw e;
        }
        finish(id, curator, action, outcome.apply(result));
        return result;
    }

    /** Runs {@code work} under the write lock (reentrant: an audited write inside a locked run is fine). */
    <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private void finish(String id, String curator, String action, Outcome o) {
        log.info("audit: {} {} {}: {}{}", curator, action, o.target(), o.outcome(),
                o.detail().isEmpty() ? "" : " (" + o.detail() + ")");
        try {
            audit.finish(id, o.outcome(), o.target(), o.detail(), clock.instant());
        } catch (RuntimeException e) {
            // the write itself is done: its event stays pending, which the trail shows as such
            log.error("audit event {} could not be finished ({} {} {}: {}): {}", id, curator, action, o.target(),
                    o.outcome(), e.toString());
        }
    }

    /** The request was refused as it stood (nothing to undo, a conflict, bad input), rather than failing. */
    private static boolean refused(RuntimeException e) {
        return e instanceof NotFoundException || e instanceof ConflictException || e instanceof InvalidInputException
                || e instanceof AccessDeniedException;
    }
}
