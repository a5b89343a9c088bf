package org.strokekg.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
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
import org.strokekg.graph.MergeResult;
import org.strokekg.graph.Vocabulary;

/**
 * What curators do: load files as batches (validate, resolve, write all or nothing), merge two entities, list and show
 * batches, undo one. The same service backs the HTTP API and the CLI. Every write goes through {@link AuditedWrites}:
 * it is recorded in the audit trail with its curator and outcome, and loads, merges and undos run one at a time in this
 * process, because resolution reads the graph's names before the write.
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

    public Curation(BatchStore batches, Vocabulary vocabulary, IndexSync sync, Clock clock) {
        this(batches, vocabulary, sync, clock, new AuditedWrites(batches.auditLog(), clock), false);
    }

    private Curation(BatchStore batches, Vocabulary vocabulary, IndexSync sync, Clock clock, AuditedWrites writes,
                     boolean literal) {
        this.batches = batches;
        this.vocabulary = vocabulary;
        this.sync = sync;
        this.clock = clock;
        this.writes = writes;
        this.audit = batches.auditLog();
        this.literal = literal;
    }

    /**
     * For the resolution benchmark only: this service with entity resolution switched off, so that every distinct
     * (type, written name) becomes its own entity ({@link Resolver#literal}). Shares this service's lock. Neither the HTTP
     * API nor the ingest command can reach it; {@code strokekg bench ingest --no-resolution} uses it on a throw-away graph.
     */
    public Curation withoutResolution() {
        return new Curation(batches, vocabulary, sync, clock, writes, true);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Loads {@code inputs} as one batch (all or nothing). */
    public LoadResult load(List<LoadInput> inputs, String curator, boolean dryRun, ProgressListener progress) {
        return load(inputs, curator, dryRun, Optional.empty(), progress);
    }

    /** As {@link #load(List, String, boolean, ProgressListener)}, with the batch kind named (e.g. {@code seed}). */
    public LoadResult load(List<LoadInput> inputs, String curator, boolean dryRun, Optional<String> kind,
                           ProgressListener progress) {
        if (dryRun) {
            return loadOnce(inputs, curator, true, kind, progress); // writes nothing: nothing to audit
        }
        return writes.audited("load", curator, label(inputs), () -> loadOnce(inputs, curator, false, kind, progress),
                Curation::outcome);
    }

    private LoadResult loadOnce(List<LoadInput> inputs, String curator, boolean dryRun, Optional<String> kind,
                                ProgressListener progress) {
        Prepared p = read(inputs, kind, progress);
        if (p.result().isPresent()) {
            return p.result().get();
        }
        return writes.locked(() -> {
            Prepared planned = plan(p, newResolver(), curator, dryRun);
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
     * Loads each list of inputs as its own batch, in order: reading and planning the next batch while the previous
     * one is written. Names resolve across the batches as if they were loaded one by one. A batch that fails to commit
     * stops the run (the batches after it were planned on top of it); the results so far are returned before the
     * exception is rethrown only through the log.
     */
    public List<LoadResult> loadEach(List<List<LoadInput>> batchInputs, String curator, ProgressListener progress) {
        return writes.locked(() -> loadEachLocked(batchInputs, curator, progress));
    }

    private List<LoadResult> loadEachLocked(List<List<LoadInput>> batchInputs, String curator, ProgressListener progress) {
        List<LoadResult> results = new ArrayList<>();
        try (ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "ingest-planner"))) {
            Resolver resolver = newResolver();
            Future<Prepared> next = reader.submit(() -> plan(read(batchInputs.getFirst(), Optional.empty(), progress),
                    resolver, curator, false));
            for (int i = 0; i < batchInputs.size(); i++) {
                Prepared current = get(next);
                // plans are made one after another on one thread: the next sees this batch's new names as existing
                resolver.settle();
                if (i + 1 < batchInputs.size()) {
                    List<LoadInput> following = batchInputs.get(i + 1);
                    next = reader.submit(() -> plan(read(following, Optional.empty(), progress), resolver, curator,
                            false));
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
        return literal ? Resolver.literal(vocabulary, batches.keyedEntities())
                : new Resolver(vocabulary, batches.keyedEntities());
    }

    /**
     * A batch on its way: read (and perhaps already decided: rejected, unchanged, dry run) or planned and ready to
     * commit.
     */
    private record Prepared(Optional<LoadResult> result, String label, String kind, String batchId, Read read,
                            Map<String, Long> counts, Optional<BatchPlan> plan, List<LoadResult.FileError> notes,
                            List<Resolution> shown, long hidden, long planMs, long newEntities) {
    }

    private Prepared read(List<LoadInput> inputs, Optional<String> kind, ProgressListener progress) {
        if (inputs.isEmpty()) {
            throw new InvalidInputException("file", "no input given");
        }
        String label = label(inputs);
        Read read = read(inputs, progress);
        Map<String, Long> counts = new LinkedHashMap<>(read.counts);
        String batchKind = kind.orElseGet(() -> kindOf(read.counts));
        // without resolution the same content writes a different graph: it must not pass for the resolved batch
        String batchId = "b-" + (literal ? BatchPlanner.hash("literal\u0001" + read.digest, 16) : read.digest.substring(0, 16));
        Optional<LoadResult> decided = Optional.empty();
        if (!read.errors.isEmpty()) {
            decided = Optional.of(new LoadResult(LoadResult.Status.REJECTED, "", batchKind, label, read.reports,
                    cap(read.errors), List.of(), List.of(), 0, counts,
                    Optional.of(read.errorCount + " bad line(s): nothing written")));
        }
        return new Prepared(decided, label, batchKind, batchId, read, counts, Optional.empty(), List.of(), List.of(), 0,
                0, 0);
    }

    /** Resolves and plans a read batch against {@code resolver}; decides it when it is unchanged, bad or a dry run. */
    private Prepared plan(Prepared p, Resolver resolver, String curator, boolean dryRun) {
        if (p.result().isPresent()) {
            return p;
        }
        String label = p.label();
        Map<String, Long> counts = p.counts();
        if (batches.exists(p.batchId())) {
            return decided(p, new LoadResult(LoadResult.Status.UNCHANGED, p.batchId(), p.kind(), label, p.read().reports,
                    List.of(), List.of(), List.of(), 0, counts,
                    Optional.of("the same content is already loaded as batch " + p.batchId() + ": nothing changed")));
        }
        long t0 = System.nanoTime();
        BatchPlanner.Planned planned = new BatchPlanner(vocabulary, resolver).plan(p.read().items);
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
            return decided(p, new LoadResult(LoadResult.Status.REJECTED, "", p.kind(), label, p.read().reports,
                    cap(errors), cap(notes), shown, hidden, counts,
                    Optional.of(errors.size() + " line(s) could not be resolved: nothing written")));
        }
        if (dryRun) {
            return decided(p, new LoadResult(LoadResult.Status.DRY_RUN, p.batchId(), p.kind(), label, p.read().reports,
                    List.of(), cap(notes), shown, hidden, counts, Optional.of("dry run: nothing written")));
        }
        BatchPlan plan = new BatchPlan(new BatchPlan.Header(p.batchId(), p.kind(), label, curator, clock.instant(),
                p.read().counts), planned.newEntities(), planned.touched(), planned.relations(), planned.passages());
        return new Prepared(Optional.empty(), label, p.kind(), p.batchId(), p.read(), counts, Optional.of(plan), notes,
                shown, hidden, planMs, planned.newEntities().size());
    }

    private static Prepared decided(Prepared p, LoadResult r) {
        return new Prepared(Optional.of(r), p.label(), p.kind(), p.batchId(), p.read(), p.counts(), Optional.empty(),
                List.of(), List.of(), 0, 0, 0);
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
        log.info("batch {} ({}) committed by {}: {} new entities, {} relations, {} passages "
                + "(plan {} ms, write {} ms, index {} ms)", p.batchId(), p.label(), plan.header().curator(),
                p.newEntities(), result.relationsCreated(), result.passagesCreated(), p.planMs(), writeMs, indexMs);
        return new LoadResult(LoadResult.Status.COMMITTED, p.batchId(), p.kind(), p.label(), p.read().reports, List.of(),
                cap(p.notes()), p.shown(), p.hidden(), counts, Optional.empty());
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

    /** The validated items of every input, their reports, line errors, and a digest of the content. */
    private record Read(List<BatchPlanner.Located<IngestItem>> items, List<ValidationReport> reports,
                        List<LoadResult.FileError> errors, long errorCount, Map<String, Long> counts, String digest) {
    }

    private Read read(List<LoadInput> inputs, ProgressListener progress) {
        List<BatchPlanner.Located<IngestItem>> items = new ArrayList<>();
        List<ValidationReport> reports = new ArrayList<>();
        List<LoadResult.FileError> errors = new ArrayList<>();
        long errorCount = 0;
        Map<String, Long> counts = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        for (LoadInput input : inputs) {
            try (InputStream in = input.opener().open();
                 IngestFile file = IngestFile.open(in, input.name(), input.size(), input.format(), vocabulary, progress)) {
                digest.update(file.format().id().getBytes(StandardCharsets.UTF_8));
                file.items().forEach(p -> {
                    if (p instanceof Parsed.Ok<IngestItem> ok) {
                        items.add(new BatchPlanner.Located<>(input.name(), ok.line(), ok.value()));
                        digest.update(canonical(ok.value()).getBytes(StandardCharsets.UTF_8));
                    }
                });
                ValidationReport report = file.report();
                reports.add(report);
                errorCount += report.rejected();
                for (LineError e : report.errors()) {
                    errors.add(new LoadResult.FileError(input.name(), e.line(), e.field(), e.reason()));
                }
                counts.merge("lines", report.lines(), Long::sum);
                report.byKind().forEach((k, v) -> counts.merge(PLURAL.getOrDefault(k, k), v, Long::sum));
            } catch (IOException e) {
                throw new InvalidInputException("file", "cannot read " + input.name() + ": " + e.getMessage(), e);
            }
        }
        return new Read(items, reports, errors, Math.max(errorCount, errors.size()), counts,
                HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * One line per item, every field in a fixed order: the same facts give the same digest whatever the format. Fields
     * added later (an English description, a passage's language and original) are appended only when they differ from
     * their default, so that content written before them keeps its digest, and so its batch id.
     */
    private static String canonical(IngestItem item) {
        char s = '\u0001';
        return switch (item) {
            case Triple t -> "T" + s + t.subject() + s + t.subjectType() + s + t.predicate() + s + t.object() + s
                    + t.objectType() + s + t.source() + s + t.evidence().orElse("") + s
                    + t.confidence().map(String::valueOf).orElse("") + '\n';
            case EntityRow e -> "E" + s + e.id().orElse("") + s + e.type() + s + e.name() + s
                    + String.join("|", e.aliases()) + s + e.description() + s + e.source()
                    + (e.descriptionEn().isEmpty() ? "" : s + e.descriptionEn()) + '\n';
            case AliasRow a -> "A" + s + a.canonical() + s + a.alias() + s + a.type() + s + a.source() + '\n';
            case PassageRow p -> "P" + s + p.id() + s + p.title() + s + p.text() + s + p.source() + s
                    + String.join("|", p.entities()) + s + p.topic().orElse("")
                    + (p.lang().equals(PassageRow.ZH) && p.translationOf().isEmpty() ? ""
                            : s + p.lang() + s + p.translationOf().orElse("")) + '\n';
        };
    }

    private static final Map<String, String> PLURAL = Map.of("triple", "triples", "entity", "entities",
            "alias", "aliases", "passage", "passages");

    /** The batch's kind: what its items are ({@code triples}, {@code entities}…), or {@code mixed}. */
    private static String kindOf(Map<String, Long> counts) {
        List<String> kinds = PLURAL.values().stream().sorted().filter(k -> counts.getOrDefault(k, 0L) > 0).toList();
        return kinds.size() == 1 ? kinds.getFirst() : kinds.isEmpty() ? "empty" : "mixed";
    }

    private static List<LoadResult.FileError> cap(List<LoadResult.FileError> errors) {
        return errors.size() <= MAX_LISTED_ERRORS ? errors : errors.subList(0, MAX_LISTED_ERRORS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
