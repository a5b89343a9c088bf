package org.strokekg.graph;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.neo4j.driver.Value;

/**
 * The audit trail of curator writes, kept in the graph as {@code :AuditEvent} nodes (constant Cypher through the
 * driver), so it works the same on the embedded server, an external one and a cluster, is shared by every StrokeKG
 * process on that graph, and is backed up with it. An event is written {@code pending} before the write it describes
 * and given its outcome after: a process killed in between leaves {@code pending}, which says so, rather than
 * nothing. Audit events are not batches: undo never removes them, and nothing else deletes them.
 */
public final class AuditLog {

    /** What an event says: who did what to which target, when, and how it ended. */
    public record Event(String id, Instant at, String curator, String action, String target, String outcome,
                        String detail, Optional<Instant> finishedAt) {
        public Event {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(curator, "curator");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(finishedAt, "finishedAt");
        }
    }

    /** The outcome of a write that has not finished (or whose process died before it could say). */
    public static final String PENDING = "pending";
    /** Longest detail kept: a reason, not a report. */
    static final int MAX_DETAIL = 2_000;

    private static final String BEGIN = """
            CREATE (a:AuditEvent {id: $id, at: $at, curator: $curator, action: $action, target: $target,
                                  outcome: $pending, detail: ''})
            """;

    private static final String FINISH = """
            MATCH (a:AuditEvent {id: $id})
            SET a.outcome = $outcome, a.detail = $detail, a.target = $target, a.finishedAt = $at
            """;

    private static final String RECENT = """
            MATCH (a:AuditEvent)
            WHERE ($curator IS NULL OR a.curator = $curator) AND ($action IS NULL OR a.action = $action)
            RETURN a ORDER BY a.at DESC, a.id DESC LIMIT $limit
            """;

    private final GraphStore store;

    public AuditLog(GraphStore store) {
        this.store = store;
    }

    /** Records that {@code curator} is about to {@code action} {@code target}; returns the event's id. */
    public String begin(String curator, String action, String target, Instant at) {
        String id = "a-" + UUID.randomUUID();
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("at", at.atZone(ZoneOffset.UTC));
        p.put("curator", curator);
        p.put("action", action);
        p.put("target", target);
        p.put("pending", PENDING);
        store.write(tx -> tx.run(BEGIN, p).consume());
        return id;
    }

    /** Gives event {@code id} its outcome; {@code target} may now be more precise (the batch a load became). */
    public void finish(String id, String outcome, String target, String detail, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("outcome", outcome);
        p.put("target", target);
        p.put("detail", detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "…" : detail);
        p.put("at", at.atZone(ZoneOffset.UTC));
        store.write(tx -> tx.run(FINISH, p).consume());
    }

    /** The newest events first, optionally of one curator or one action. */
    public List<Event> recent(int limit, Optional<String> curator, Optional<String> action) {
        Map<String, Object> p = new HashMap<>();
        p.put("limit", limit);
        p.put("curator", curator.orElse(null));
        p.put("action", action.orElse(null));
        return store.read(tx -> tx.run(RECENT, p).list(r -> event(r.get("a"))));
    }

    private static Event event(Value a) {
        Value finished = a.get("finishedAt");
        return new Event(a.get("id").asString(), a.get("at").asZonedDateTime().toInstant(), a.get("curator").asString(""),
                a.get("action").asString(""), a.get("target").asString(""), a.get("outcome").asString(""),
                a.get("detail").asString(""),
                finished.isNull() ? Optional.empty() : Optional.of(finished.asZonedDateTime().toInstant()));
    }
}
