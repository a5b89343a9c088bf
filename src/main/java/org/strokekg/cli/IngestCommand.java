package org.strokekg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.search.VectorWait;
import org.strokekg.server.Json;
import org.strokekg.trust.Trust;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Loads curator files: each file is one batch (all or nothing), or all files one batch with --one-batch. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Validate and load data files as batches, all or nothing each.",
                "Triple, entity, alias or passage files. Formats: csv, tsv, jsonl (triples), xywy (the xywy.com crawl "
                        + "JSON), entities, aliases, passages-jsonl, passages-md; detected from the file name when "
                        + "--format is not given.",
                "Bad lines are printed as FILE:LINE: FIELD: REASON and nothing of that batch is written."})
final class IngestCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ClientOptions client;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "files to load")
    List<Path> files;

    @Option(names = "--format", description = "the files' format (default: from the file name)")
    String format;

    @Option(names = "--dry-run", description = "validate and resolve only; write nothing")
    boolean dryRun;

    @Option(names = "--one-batch", description = "load all files as a single batch")
    boolean oneBatch;

    @Option(names = "--curator", defaultValue = "${sys:user.name}", description = "curator recorded on the batch (default: your user name)")
    String curator;

    @Option(names = "--show-resolutions", description = "print how each name was matched to an entity")
    boolean showResolutions;

    @Option(names = "--json", description = "print each result as JSON")
    boolean json;

    @Option(names = "--trust", description = {"the batches' trust level: curated, reviewed or unreviewed (default: by",
            "format: xywy and disease-csv-aliases unreviewed, the others reviewed)"})
    String trust;

    @Option(names = "--no-wait", description = {"exit when the graph is written, without waiting for the passages'",
            "vectors (they resume at the next start of the server or any command)"})
    boolean noWait;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<IngestFormat> f = Optional.ofNullable(format).map(IngestFormat::named);
        Optional<Trust> level = Optional.ofNullable(trust).map(t -> Trust.of(t).orElseThrow(() ->
                new InvalidInputException("--trust", "must be one of " + Trust.ids() + ", got " + t)));
        List<List<LoadInput>> batches = new ArrayList<>();
        for (Path p : files) {
            if (!Files.isRegularFile(p)) {
                throw new InvalidInputException("FILE", "no such file: " + p);
            }
            if (oneBatch && !batches.isEmpty()) {
                batches.getFirst().add(LoadInput.of(p, f));
            } else {
                batches.add(new ArrayList<>(List.of(LoadInput.of(p, f))));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = 0;
        var remote = client.remote(app, err);
        if (remote.isPresent()) {
            ClientOptions.curatorFromKey(spec);
            List<List<Path>> groups = oneBatch ? List.of(files) : files.stream().map(List::of).toList();
            for (List<Path> group : groups) {
                long t0 = System.nanoTime();
                Remote.Result r;
                try {
                    r = remote.get().upload("/api/v1/batches?dryRun=" + dryRun + (format == null ? ""
                            : "&format=" + URLEncoder.encode(format, StandardCharsets.UTF_8))
                            + level.map(t -> "&trust=" + t.id()).orElse(""), group);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (json) {
                    out.println(Output.json(r.body()));
                } else if (r.status() == 422) {
                    printRejected(out, group, r.body(), seconds);
                } else {
                    print(out, r.body(), seconds);
                }
                if (r.status() == 422 || "rejected".equals(r.body().path("status").asText())) {
                    exit = CliErrors.INPUT;
                }
            }
            return exit;
        }
        try (StrokeKg kg = app.open()) {
            // the passages' vectors wait for the last file: the loads get the CPU, the vectors follow
            AutoCloseable hold = kg.passageIndex().holdVectors();
            for (List<LoadInput> inputs : batches) {
                long t0 = System.nanoTime();
                LoadResult r;
                try (ProgressBar bar = new ProgressBar(err, inputs.stream().mapToLong(LoadInput::size).sum())) {
                    r = kg.curation().load(inputs, curator, dryRun, Optional.empty(), level, bar);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (json) {
                    out.println(Output.json(r));
                } else {
                    print(out, Json.mapper().valueToTree(r), seconds);
                }
                if (!r.ok()) {
                    exit = CliErrors.INPUT;
                }
            }
            close(hold);
            if (!dryRun && !noWait) {
                VectorWait.await(kg.passageIndex(), err);
            }
        }
        return exit;
    }

    private static void close(AutoCloseable hold) {
        try {
            hold.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same lines whether the load ran in this process or on the server. */
    private void print(PrintWriter out, JsonNode r, double seconds) {
        String batch = r.path("batchId").asText("");
        out.printf("%s: %s%s (%.1f s)%n", r.path("label").asText(), r.path("status").asText(),
                batch.isEmpty() ? "" : " batch " + batch, seconds);
        if (r.hasNonNull("message")) {
            out.println("  " + r.path("message").asText());
        }
        out.println("  trust " + r.path("trust").asText() + "; " + counts(r.path("counts")));
        for (JsonNode m : r.path("mapping")) {
            List<String> examples = new ArrayList<>();
            m.path("examples").forEach(x -> examples.add(x.asText()));
            out.printf("  crawl rule %s: %,d %s (%s); e.g. %s%n", m.path("rule").asText(), m.path("count").asLong(),
                    m.path("action").asText(), m.path("why").asText(), String.join("; ", examples));
        }
        for (JsonNode e : r.path("errors")) {
            out.printf("  %s:%d: %s: %s%n", e.path("file").asText(), e.path("line").asLong(), e.path("field").asText(),
                    e.path("reason").asText());
        }
        JsonNode notes = r.path("notes");
        if (notes.size() > 0) {
            out.printf("  %d note(s), first: %s:%d: %s%n", notes.size(), notes.get(0).path("file").asText(),
                    notes.get(0).path("line").asLong(), notes.get(0).path("reason").asText());
        }
        if (showResolutions) {
            for (JsonNode res : r.path("resolutions")) {
                out.printf("  %s:%d %s \"%s\" -> %s %s (%s)%n", res.path("file").asText(), res.path("line").asLong(),
                        res.path("field").asText(), res.path("written").asText(), res.path("entityId").asText(),
                        res.path("entityName").asText(), res.path("how").asText());
            }
        }
    }

    /** A load the server refused (422): its problem document lists every bad line. */
    private static void printRejected(PrintWriter out, List<Path> group, JsonNode problem, double seconds) {
        out.printf("%s: rejected (%.1f s)%n", group.stream().map(p -> p.getFileName().toString())
                .collect(Collectors.joining(", ")), seconds);
        out.println("  " + problem.path("detail").asText());
        for (JsonNode e : problem.path("errors")) {
            out.printf("  %s:%d: %s: %s%n", e.path("file").asText(), e.path("line").asLong(), e.path("field").asText(),
                    e.path("reason").asText());
        }
    }

    private static String counts(JsonNode counts) {
        Map<String, Object> m = new TreeMap<>();
        counts.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m.toString();
    }
}
