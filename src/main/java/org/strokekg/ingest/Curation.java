package org.strokekg.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;
import org.strokekg.error.RetriableException;
import org.strokekg.graph.AuditLog;
import org.strokekg.graph.BatchInfo;
import org.strokekg.graph.BatchPlan;
import org.strokekg.graph.BatchStore;
import org.strokekg.graph.Decided;
import org.strokekg.graph.Decisions;
import org.strokekg.graph.FactRef;
import org.strokekg.graph.MergeResult;
import org.strokekg.graph.Vocabulary;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.IngestLimits;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.ingest.resolve.NameMatching;
import org.strokekg.ingest.resolve.Resolution;
import org.strokekg.ingest.resolve.Resolver;
import org.strokekg.trust.Trust;

/**
 * What curators do: load files as batches at a trust level (validate, resolve, write all or nothing), merge two
 * entities, review or retract single facts, list and show batches, undo one. The same service backs the HTTP API and
 * the CLI. Every write goes through {@link AuditedWrites}: it is recorded in the audit trail with its curator and
 * outcome, and runs one at a time in this process, because resolution reads the graph's names (and the standing
 * decisions) before the write.
 */
public final class Curation {

    private static final Logger log = LoggerFactory.getLogger(Curation.class);
    static final int MAX_RESOLUTIONS = 500;
    static final int MAX_LISTED_ERRORS = 1000;

    private final BatchStore batches;
    private final Vocabulary vocabulary;
    private final IndexSync sync;
    private final Clock clock;
    private final AuditedWrites writes;
    private final AuditLog audit;
    private final boolean literal;

    /** The service as the product runs it: names resolved ({@link NameMatching#RESOLVED}). */
    public Curation(BatchStore batches, Vocabulary vocabulary, IndexSync sync, Clock clock) {
        this(batches, vocabulary, sync, clock, new AuditedWrites(batches.auditLog(), clock), NameMatching.RESOLVED);
    }

    private Curation(BatchStore batches, Vocabulary vocabulary, IndexSync sync, Clock clock, AuditedWrites writes,
                     NameMatching names) {
        this.batches = batches;
        this.vocabulary = vocabulary;
        this.sync = sync;
        this.clock = clock;
        this.writes = writes;
        this.audit = batches.auditLog();
        this.literal = names == NameMatching.LITERAL;
    }

    /**
     * This service (its graph, indexes and write lock) with names matched as {@code names} says. The HTTP API and the
     * CLI's ingest use the service as made, resolved; the ingest benchmark passes {@link NameMatching#LITERAL} for
     * its baseline.
     */
    public Curation matching(NameMatching names) {
        return new Curation(batches, vocabulary, sync, clock, writes, names);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Loads {@code inputs} as one batch (all or nothing), at its formats' default level. */
    public LoadResult load(List<LoadInput> inputs, String curator, boolean dryRun, ProgressListener progress) {
        return load(inputs, curator, dryRun, Optional.empty(), Optional.empty(), progress);
    }

    /** As {@link #load(List, String, boolean, ProgressListener)}, with the batch kind named (e.g. {@code seed}). */
    public LoadResult load(List<LoadInput> inputs, String curator, boolean dryRun, Optional<String> kind,
                           ProgressListener progress) {
        return load(inputs, curator, dryRun, kind, Optional.empty(), progress);
    }

    /**
     * Loads {@code inputs} as one batch at level {@code trust}; without one, at the formats' default
     * ({@link #defaultTrust}): the same content loaded at another level than its default is another batch.
     */
    public LoadResult load(List<LoadInput> inputs, String curator, boolean dryRun, Optional<String> kind,
                           Optional<Trust> trust, ProgressListener progress) {
        if (dryRun) {
            return loadOnce(inputs, curator, true, kind, trust, progress); // writes nothing: nothing to audit
        }
        return writes.audited("load", curator, label(inputs),
                () -> loadOnce(inputs, curator, false, kind, trust, progress), Curation::outcome);
    }

    private LoadResult loadOnce(List<LoadInput> inputs, String curator, boolean dryRun, Optional<String> kind,
                                Optional<Trust> trust, ProgressListener progress) {
        Prepared p = read(inputs, kind, trust, progress);
        if (p.result().isPresent()) {
            return p.result().get();
        }
        return writes.locked(() -> {
            Prepared planned = plan(p, newResolver(), batches.decisions().active(), curator, dryRun);
            return planned.result().isPresent() ? planned.result().get() : commit(planned);
        });
    }

    /** How a load ended, for the audit trail: its status, its batch (or its files), and its message or counts. */
    private static AuditedWrites.Outcome outcome(LoadResult r) {
        String detail = r.message().orElseGet(() -> r.counts().toString());
        if (!r.errors().isEmpty()) {
            LoadResult.FileError first = r.errors().getFirst();
            detail += "; first: " + first.file() + " line " + first.line() + ": " + first.field() + ": " + first.reason();
        }
        return new AuditedWrites.Outcome(r.status().json(),
                r.batchId().isEmpty() ? r.label() : r.batchId(), detail);
    }

    private static String label(List<LoadInput> inputs) {
        return String.join(", ", inputs.stream().map(LoadInput::name).toList());
    }

    /**
     * The level a batch gets when none is named: {@code curated} for the seed, {@code unreviewed} for the bulk
     * formats (the xywy crawl, the 39.net alias column), {@code reviewed} for the curated formats (a curator's own
     * triples, entities, aliases and passages). A batch of several formats gets the lowest of theirs.
     */
    public static Trust defaultTrust(Optional<String> kind, List<IngestFormat> formats) {
        if (kind.filter(k -> k.equals("seed")).isPresent()) {
            return Trust.CURATED;
        }
        Trust t = Trust.REVIEWED;
        for (IngestFormat f : formats) {
            if (f == IngestFormat.XYWY || f == IngestFormat.DISEASE_CSV_ALIASES) {
                t = Trust.UNREVIEWED;
            }
        }
        return t;
    }

    /**
     * Loads each list of inputs as its own batch, in order: reading and planning the next batch while the previous
     * one is written. Names resolve across the batches as if they were loaded one by one. A batch that fails to commit
     * stops the run (the batches after it were planned on top of it); the results so far are returned before the
     * exception is rethrown only through the log.
     */
    public List<LoadResult> loadEach(List<List<LoadInput>> batchInputs, String curator, ProgressListener progress) {
        return loadEach(batchInputs, curator, Optional.empty(), progress);
    }

    /** As {@link #loadEach(List, String, ProgressListener)}, every batch at level {@code trust} when one is named. */
    public List<LoadResult> loadEach(List<List<LoadInput>> batchInputs, String curator, Optional<Trust> trust,
                                     ProgressListener progress) {
        return writes.locked(() -> loadEachLocked(batchInputs, curator, trust, progress));
    }

    private List<LoadResult> loadEachLocked(List<List<LoadInput>> batchInputs, String curator, Optional<Trust> trust,
                                            ProgressListener progress) {
        List<LoadResult> results = new ArrayList<>();
        // the passages' vectors wait for the whole load: it gets the CPU, they follow
        try (IndexSync.Hold hold = sync.deferBackground();
             ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest-planner"))) {
            Resolver resolver = newResolver();
            Map<FactRef, Decided> decided = batches.decisions().active();
            Future<Prepared> next = reader.submit(() -> plan(read(batchInputs.getFirst(), Optional.empty(), trust,
                    progress), resolver, decided, curator, false));
            for (int i = 0; i < batchInputs.size(); i++) {
                Prepared current = get(next);
                // plans are made one after another on one thread: the next sees this batch's new names as existing
                resolver.settle();
                if (i + 1 < batchInputs.size()) {
                    List<LoadInput> following = batchInputs.get(i + 1);
                    next = reader.submit(() -> plan(read(following, Optional.empty(), trust, progress), resolver,
                            decided, curator, false));
                }
                LoadResult r = writes.audited("load", curator, current.label(),
                        () -> current.result().isPresent() ? current.result().get() : commit(current), Curation::outcome);
                results.add(r);
            }
            return results;
        }
    }

    private static Prepared get(Future<Prepared> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while planning a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Resolver newResolver() {
        return literal ? Resolver.literal(vocabulary, batches.keyedEntities(), true)
                : new Resolver(vocabulary, batches.keyedEntities(), true);
    }

    /**
     * A batch on its way: read (and perhaps already decided: rejected, unchanged, dry run) or planned and ready to
     * commit.
     */
    private record Prepared(Optional<LoadResult> result, String label, String kind, Trust trust, String batchId,
                            InputReader.Read read, Map<String, Long> counts, Optional<BatchPlan> plan,
                            List<LoadResult.FileError> notes, List<Resolution> shown, long hidden, long planMs,
                            long newEntities, List<CrawlMapping> mapping) {
    }

    private Prepared read(List<LoadInput> inputs, Optional<String> kind, Optional<Trust> trust,
                          ProgressListener progress) {
        if (inputs.isEmpty()) {
            throw new InvalidInputException("file", "no input given");
        }
        String label = label(inputs);
        InputReader.Read read = InputReader.read(inputs, vocabulary, progress);
        Map<String, Long> counts = new LinkedHashMap<>(read.counts());
        String batchKind = kind.orElseGet(() -> InputReader.kindOf(read.counts()));
        Trust defaultTrust = defaultTrust(kind, read.formats());
        Trust batchTrust = trust.orElse(defaultTrust);
        // the same content at another level than its default asserts it at that level: another batch (undo takes it
        // back alone); at the default, the id is what it was before levels existed
        String digest = batchTrust == defaultTrust ? read.digest()
                : BatchPlanner.hash("trust\u0001" + batchTrust.id() + '\u0001' + read.digest(), 64);
        // without resolution the same content writes a different graph: it must not pass for the resolved batch
        String batchId = "b-" + (literal ? BatchPlanner.hash("literal\u0001" + digest, 16) : digest.substring(0, 16));
        Optional<LoadResult> decided = Optional.empty();
        if (!read.errors().isEmpty()) {
            decided = Optional.of(new LoadResult(LoadResult.Status.REJECTED, "", batchKind, label, batchTrust,
                    read.reports(), cap(read.errors()), List.of(), List.of(), 0, counts, List.of(),
                    Optional.of(read.errorCount() + " bad line(s): nothing written")));
        }
        return new Prepared(decided, label, batchKind, batchTrust, batchId, read, counts, Optional.empty(), List.of(),
                List.of(), 0, 0, 0, List.of());
    }

    /**
     * Resolves and plans a read batch against {@code resolver}, with the standing curator decisions on the facts it
     * writes; decides it when it is unchanged, bad or a dry run.
     */
    private Prepared plan(Prepared p, Resolver resolver, Map<FactRef, Decided> active, String curator,
                          boolean dryRun) {
        if (p.result().isPresent()) {
            return p;
        }
        String label = p.label();
        Map<String, Long> counts = p.counts();
        if (batches.exists(p.batchId())) {
            return decided(p, new LoadResult(LoadResult.Status.UNCHANGED, p.batchId(), p.kind(), label, p.trust(),
                    p.read().reports(), List.of(), List.of(), List.of(), 0, counts, List.of(),
                    Optional.of("the same content is already loaded as batch " + p.batchId() + ": nothing changed")));
        }
        long t0 = System.nanoTime();
        resolver.newEntitiesTrusted(p.trust().atLeast(Trust.REVIEWED));
        BatchPlanner.Planned planned = new BatchPlanner(vocabulary, resolver).plan(p.read().items());
        Map<FactRef, Decided> decisions = PlanDecisions.of(planned, active);
        counts.put("writtenRetracted", decisions.values().stream().filter(Decided::retracted).count());
        counts.put("writtenReviewed", decisions.values().stream().filter(Decided::reviewed).count());
        long planMs = (System.nanoTime() - t0) / 1_000_000;
        List<LoadResult.FileError> notes = planned.notes();
        counts.put("newEntities", (long) planned.newEntities().size());
        counts.put("existingEntities", (long) planned.touched().size());
        counts.put("relations", (long) planned.relations().size());
        counts.put("passages", (long) planned.passages().size());
        counts.put("resolvedByAlias", planned.resolutions().stream()
                .filter(r -> r.how() == Resolution.How.ALIAS).count());
        List<Resolution> shown = planned.resolutions().stream().limit(MAX_RESOLUTIONS).toList();
        long hidden = planned.resolutions().size() - shown.size();
        if (!planned.errors().isEmpty()) {
            List<LoadResult.FileError> errors = planned.errors();
            return decided(p, new LoadResult(LoadResult.Status.REJECTED, "", p.kind(), label, p.trust(),
                    p.read().reports(), cap(errors), cap(notes), shown, hidden, counts, planned.mapping(),
                    Optional.of(errors.size() + " line(s) could not be resolved: nothing written")));
        }
        if (dryRun) {
            return decided(p, new LoadResult(LoadResult.Status.DRY_RUN, p.batchId(), p.kind(), label, p.trust(),
                    p.read().reports(), List.of(), cap(notes), shown, hidden, counts, planned.mapping(),
                    Optional.of("dry run: nothing written")));
        }
        BatchPlan plan = new BatchPlan(new BatchPlan.Header(p.batchId(), p.kind(), label, curator, clock.instant(),
                p.read().counts(), p.trust()), planned.newEntities(), planned.touched(), planned.relations(),
                planned.passages(), decisions);
        return new Prepared(Optional.empty(), label, p.kind(), p.trust(), p.batchId(), p.read(), counts,
                Optional.of(plan), notes, shown, hidden, planMs, planned.newEntities().size(), planned.mapping());
    }

    private static Prepared decided(Prepared p, LoadResult r) {
        return new Prepared(Optional.of(r), p.label(), p.kind(), p.trust(), p.batchId(), p.read(), p.counts(),
                Optional.empty(), List.of(), List.of(), 0, 0, 0, List.of());
    }

    private LoadResult commit(Prepared p) {
        BatchPlan plan = p.plan().orElseThrow();
        Map<String, Long> counts = p.counts();
        long t1 = System.nanoTime();
        BatchStore.CommitResult result = batches.commit(plan);
        long writeMs = (System.nanoTime() - t1) / 1_000_000;
        counts.put("relationsCreated", result.relationsCreated());
        counts.put("relationsSupported", result.relationsSupported());
        counts.put("aliasesAdded", result.aliasesAdded());
        long t2 = System.nanoTime();
        sync.committed(plan);
        long indexMs = (System.nanoTime() - t2) / 1_000_000;
        counts.put("writeMs", writeMs);
        counts.putAll(result.timings());
        counts.put("indexMs", indexMs);
        log.info("batch {} ({}, {}) committed by {}: {} new entities, {} relations, {} passages "
                + "(plan {} ms, write {} ms, index {} ms)", p.batchId(), p.label(), p.trust().id(),
                plan.header().curator(), p.newEntities(), result.relationsCreated(), result.passagesCreated(),
                p.planMs(), writeMs, indexMs);
        return new LoadResult(LoadResult.Status.COMMITTED, p.batchId(), p.kind(), p.label(), p.trust(),
                p.read().reports(), List.of(), cap(p.notes()), p.shown(), p.hidden(), counts, p.mapping(),
                Optional.empty());
    }

    public List<BatchInfo> batches(int limit) {
        return batches.batches(limit);
    }

    public BatchInfo batch(String id) {
        return batches.batch(id).orElseThrow(() -> new NotFoundException("no batch " + id));
    }

    /** Removes exactly what the batch added, and keeps the indexes in step; recorded as done by {@code curator}. */
    public BatchStore.UndoResult undo(String id, String curator) {
        return writes.write("undo", curator, id, () -> {
            BatchStore.UndoResult undo = batches.undo(id);
            sync.undone(undo);
            log.info("batch {} undone by {}: {} relations and {} entities removed", id, curator,
                    undo.relationsDeleted(), undo.entitiesDeleted());
            return undo;
        }, u -> new AuditedWrites.Outcome("undone", id, u.relationsDeleted() + " relations, " + u.entitiesDeleted()
                + " entities and " + u.passagesDeleted() + " passages removed, " + u.relationsKept() + " relations kept"));
    }

    /** As {@link #undo(String, String)} for a tool that acts for no named curator (recorded as {@code system}). */
    public BatchStore.UndoResult undo(String id) {
        return undo(id, "system");
    }

    /**
     * Runs {@code read} while no curator write of this process runs (a backup: no batch half in it). Reads go on;
     * loads, undos and merges wait.
     */
    public <T> T withoutWrites(java.util.function.Supplier<T> read) {
        return writes.locked(read);
    }

    /** The audit trail, newest first: every write with its curator, time, target and outcome. */
    public List<AuditLog.Event> audit(int limit, Optional<String> curator, Optional<String> action) {
        return audit.recent(limit, curator, action);
    }

    /** A curator's reason: required for a retraction, at most this long. */
    public static final int MAX_REASON = 2000;

    /**
     * Promotes these relations, entities or passages to {@code reviewed}, as one batch of kind {@code review} (undone
     * like any batch); effective in the next answer. A review of a fact loaded again later still holds.
     */
    public Decisions.Result review(List<String> ids, String curator, Optional<String> reason) {
        return decide(Decisions.REVIEW, ids, curator, reason.map(String::strip).orElse(""));
    }

    /**
     * Retracts these relations, entities or passages (an entity with every relation it is in) with the curator's
     * reason, as one batch of kind {@code retraction}: reads, answers and the search indexes leave them out from now
     * on, also when their source file is loaded again, until the retraction is undone.
     */
    public Decisions.Result retract(List<String> ids, String curator, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "a retraction needs the curator's reason");
        }
        return decide(Decisions.RETRACTION, ids, curator, reason.strip());
    }

    private Decisions.Result decide(String kind, List<String> ids, String curator, String reason) {
        if (reason.length() > MAX_REASON) {
            throw new InvalidInputException("reason", "longer than " + MAX_REASON + " characters");
        }
        if (reason.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new InvalidInputException("reason", "control characters are not allowed");
        }
        for (String id : ids) {
            if (id == null || id.isBlank() || id.length() > IngestLimits.MAX_ID + 9
                    || id.codePoints().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("ids", "not a valid id: " + id);
            }
        }
        List<String> unique = List.copyOf(new java.util.LinkedHashSet<>(ids));
        return writes.write(kind, curator, target(unique), () -> {
            Decisions.Result r = batches.decisions().decide(kind, unique, curator, reason, clock.instant());
            sync.entitiesChanged(r.entityIds(), List.of(), r.passageIds());
            sync.batchWritten(r.batchId());
            log.info("{} {} by {}: {} relations, {} entities, {} passages ({})", kind, r.batchId(), curator,
                    r.relations(), r.entities(), r.passages(), reason.isEmpty() ? "no reason given" : reason);
            return r;
        }, r -> new AuditedWrites.Outcome(kind.equals(Decisions.REVIEW) ? "reviewed" : "retracted", r.batchId(),
                r.relations() + " relations, " + r.entities() + " entities, " + r.passages() + " passages: "
                        + target(r.targets().stream().map(f -> f.kind() + ":" + f.id()).toList())
                        + (reason.isEmpty() ? "" : "; reason: " + reason)));
    }

    /** The facts a decision names, as the audit trail shows its target: the first few ids and how many in all. */
    private static String target(List<String> ids) {
        int shown = 10;
        return ids.size() <= shown ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, shown)) + " … (" + ids.size() + " in all)";
    }

    /**
     * Merges entity {@code fromId} into {@code intoId} (see {@link BatchStore#merge}) and keeps the indexes in step:
     * one at a time with loads and undos, because a load plans against the names it read before its write.
     */
    public MergeResult merge(String intoId, String fromId, String curator) {
        return writes.write("merge", curator, fromId + " into " + intoId, () -> {
            MergeResult merged = batches.merge(intoId, fromId, curator, clock.instant(), vocabulary);
            sync.entitiesChanged(List.of(intoId), List.of(fromId), merged.changedPassageIds());
            sync.batchWritten(merged.batchId());
            log.info("{} by {} as batch {}: {} relations moved, {} folded, {} dropped", merged.label(), curator,
                    merged.batchId(), merged.relationsMoved(), merged.relationsFolded(), merged.relationsDropped());
            return merged;
        }, m -> new AuditedWrites.Outcome("merged", m.batchId(), m.label() + ": " + m.relationsMoved()
                + " relations moved, " + m.relationsFolded() + " folded, " + m.relationsDropped() + " dropped"));
    }

    private static List<LoadResult.FileError> cap(List<LoadResult.FileError> errors) {
        return errors.size() <= MAX_LISTED_ERRORS ? errors : errors.subList(0, MAX_LISTED_ERRORS);
    }
}
