package org.strokekg.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.strokekg.error.InvalidInputException;
import org.strokekg.ingest.Curation;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.trust.Trust;

/**
 * Curator routes: load a batch (multipart upload or a raw body; {@code ?dryRun=true} validates and plans only;
 * {@code ?trust=} sets its level), list, show and undo batches, read the audit trail. Loads, undos and the audit trail
 * need a curator key; listing and showing batches (a read) any key, a reader's too.
 */
final class BatchHandlers {

    private final Curation curation;
    private final CuratorAuth auth;
    private final java.nio.file.Path uploadRoot;

    private final java.util.Optional<org.strokekg.ops.Metrics> metrics;

    BatchHandlers(Curation curation, CuratorAuth auth, java.nio.file.Path uploadRoot,
                  java.util.Optional<org.strokekg.ops.Metrics> metrics) {
        this.metrics = metrics;
        this.curation = curation;
        this.auth = auth;
        this.uploadRoot = uploadRoot;
    }

    void load(Context ctx) {
        String curator = auth.requireCurator(ctx);
        boolean dryRun = Params.bool(ctx, "dryRun");
        Optional<IngestFormat> format = Params.string(ctx, "format").map(IngestFormat::named);
        Optional<Trust> queryTrust = Params.string(ctx, "trust").map(BatchHandlers::trust);
        List<LoadInput> inputs = new ArrayList<>();
        if (ctx.isMultipartFormData()) {
            try (Uploads uploads = Uploads.open(ctx, uploadRoot)) {
                Optional<IngestFormat> formFormat = uploads.field("format")
                        .filter(f -> !f.isBlank()).map(IngestFormat::named).or(() -> format);
                Optional<Trust> formTrust = uploads.field("trust").filter(t -> !t.isBlank())
                        .map(BatchHandlers::trust).or(() -> queryTrust);
                for (UploadedFile f : uploads.files("file")) {
                    inputs.add(new LoadInput(safeName(f.filename()), f::content, f.size(), formFormat));
                }
                if (inputs.isEmpty()) {
                    throw new InvalidInputException("file", "the multipart body has no part named 'file'");
                }
                load(ctx, curator, dryRun, inputs, formTrust);
            }
            return;
        } else {
            if (ctx.contentLength() == 0) {
                throw new InvalidInputException("body", "empty: send a file as multipart field 'file' or as the body");
            }
            String name = Params.string(ctx, "name").map(BatchHandlers::safeName).orElse("request-body");
            Optional<IngestFormat> f = format.or(() -> formatOfContentType(ctx.contentType()));
            if (f.isEmpty() && !name.contains(".")) {
                throw new InvalidInputException("format", "name the format (?format=" + IngestFormat.ids()
                        + ") or a file name with an extension (?name=triples.csv)");
            }
            inputs.add(new LoadInput(name, ctx::bodyInputStream, ctx.contentLength(), f));
        }
        load(ctx, curator, dryRun, inputs, queryTrust);
    }

    private void load(Context ctx, String curator, boolean dryRun, List<LoadInput> inputs, Optional<Trust> trust) {
        long t0 = System.nanoTime();
        LoadResult result = curation.load(inputs, curator, dryRun, Optional.empty(), trust, ProgressListener.NONE);
        long rows = result.reports().stream().mapToLong(r -> r.accepted() + r.rejected()).sum();
        metrics.ifPresent(m -> m.ingest(result.status().json(), rows, System.nanoTime() - t0));
        switch (result.status()) {
            case COMMITTED -> ctx.status(201).header("Location", "/api/v1/batches/" + result.batchId()).json(result);
            case REJECTED -> {
                if (dryRun) {
                    ctx.status(200).json(result);
                } else {
                    rejected(ctx, result);
                }
            }
            default -> ctx.status(200).json(result);
        }
    }

    private static void rejected(Context ctx, LoadResult result) {
        List<Map<String, Object>> errors = result.errors().stream().map(e -> Map.<String, Object>of(
                "file", e.file(), "line", e.line(), "field", e.field(), "reason", e.reason())).toList();
        LoadResult.FileError first = result.errors().getFirst();
        HttpApp.problem(ctx, 422, "Invalid batch", result.message().orElse("bad lines: nothing written")
                        + "; first: " + first.file() + " line " + first.line() + ": " + first.field() + ": " + first.reason(),
                Optional.of(first.field()), Optional.of(first.reason()), errors);
    }

    void list(Context ctx) {
        auth.requireKey(ctx);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        ctx.json(Map.of("batches", curation.batches(limit)));
    }

    void show(Context ctx) {
        auth.requireKey(ctx);
        ctx.json(curation.batch(Params.pathId(ctx, "id")));
    }

    void undo(Context ctx) {
        String curator = auth.requireCurator(ctx);
        ctx.json(curation.undo(Params.pathId(ctx, "id"), curator));
        metrics.ifPresent(m -> m.count("strokekg.batch.undos", "batches undone", "via", "http"));
    }

    /** {@code GET /api/v1/audit}: the audit trail, newest first (curator key). */
    void audit(Context ctx) {
        auth.requireCurator(ctx);
        int limit = Params.integer(ctx, "limit", 100, 1, 1000);
        ctx.json(Map.of("events", curation.audit(limit, Params.string(ctx, "curator"), Params.string(ctx, "action"))));
    }

    /** {@code ?trust=} (or the form field): the batch's level; default by format (see {@link Curation#defaultTrust}). */
    private static Trust trust(String value) {
        return Trust.of(value).orElseThrow(() -> new InvalidInputException("trust", "must be one of " + Trust.ids()
                + ", got \"" + value + "\""));
    }

    private static Optional<IngestFormat> formatOfContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith("text/csv")) {
            return Optional.of(IngestFormat.CSV);
        }
        if (ct.startsWith("text/tab-separated-values")) {
            return Optional.of(IngestFormat.TSV);
        }
        if (ct.startsWith("application/x-ndjson") || ct.startsWith("application/jsonl")) {
            return Optional.of(IngestFormat.JSONL);
        }
        if (ct.startsWith("text/markdown")) {
            return Optional.of(IngestFormat.PASSAGES_MD);
        }
        return Optional.empty();
    }

    /** A display name for provenance: the base name only, printable, bounded. */
    private static String safeName(String name) {
        String base = name == null ? "upload" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "");
        if (base.isBlank()) {
            return "upload";
        }
        return base.length() > 120 ? base.substring(0, 120) : base;
    }
}
