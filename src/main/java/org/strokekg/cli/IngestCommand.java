package org.strokekg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.ingest.CrawlMapping;
import org.strokekg.ingest.IngestFormat;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.Resolution;
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
                    print(out, r, seconds);
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

    private void print(PrintWriter out, LoadResult r, double seconds) {
        out.printf("%s: %s%s (%.1f s)%n", r.label(), r.status().json(),
                r.batchId().isEmpty() ? "" : " batch " + r.batchId(), seconds);
        r.message().ifPresent(m -> out.println("  " + m));
        out.println("  trust " + r.trust().id() + "; " + r.counts());
        for (CrawlMapping m : r.mapping()) {
            out.printf("  crawl rule %s: %,d %s (%s); e.g. %s%n", m.rule(), m.count(), m.action(), m.why(),
                    String.join("; ", m.examples()));
        }
        for (LoadResult.FileError e : r.errors()) {
            out.printf("  %s:%d: %s: %s%n", e.file(), e.line(), e.field(), e.reason());
        }
        if (!r.notes().isEmpty()) {
            out.printf("  %d note(s), first: %s:%d: %s%n", r.notes().size(), r.notes().getFirst().file(),
                    r.notes().getFirst().line(), r.notes().getFirst().reason());
        }
        if (showResolutions) {
            for (Resolution res : r.resolutions()) {
                out.printf("  %s:%d %s \"%s\" -> %s %s (%s)%n", res.file(), res.line(), res.field(), res.written(),
                        res.entityId(), res.entityName(), res.how().json());
            }
        }
    }
}
