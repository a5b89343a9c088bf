package org.strokekg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.strokekg.StrokeKg;
import org.strokekg.backup.Export;
import org.strokekg.error.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes the graph as files the ingest command reads back ({@link Export}): from the running server when one holds the
 * data directory, else from the store opened here.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the graph to files that 'ingest' loads.",
                "DIR/entities.tsv, DIR/triples.tsv and DIR/passages.jsonl (each loadable by 'ingest'), and "
                        + "DIR/provenance.tsv (relation id, ends, batch, batches, curator, createdAt). For everything, "
                        + "trust, reviews and the audit trail included, use 'backup'."})
final class ExportCommand implements Callable<Integer> {

    private static final Set<String> FILES = Set.of("entities.tsv", "triples.tsv", "provenance.tsv", "passages.jsonl");

    @Mixin
    AppOptions app;

    @Mixin
    ClientOptions client;

    @Option(names = "--out", required = true, description = "directory to write into (created if missing)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var remote = client.remote(app, spec.commandLine().getErr());
        if (remote.isPresent()) {
            Files.createDirectories(out);
            Path zip = Files.createTempFile(out, ".export-", ".zip");
            try {
                remote.get().download("/api/v1/export", zip);
                int n = unzip(zip, out);
                spec.commandLine().getOut().printf("exported %d files from the server to %s%n", n, out);
            } finally {
                Files.deleteIfExists(zip);
            }
            return 0;
        }
        try (StrokeKg kg = app.open()) {
            Export.Counts c = Export.toDirectory(kg.store(), out);
            spec.commandLine().getOut().printf("exported %,d entities, %,d relations and %,d passages to %s%n",
                    c.entities(), c.relations(), c.passages(), out);
            return 0;
        }
    }

    /** The server's zip into {@code dir}: only the export's own file names, nothing outside the directory. */
    private static int unzip(Path zip, Path dir) throws IOException {
        int n = 0;
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (!FILES.contains(e.getName())) {
                    throw new InvalidInputException("export", "unexpected file from the server: " + e.getName());
                }
                Files.copy(z, dir.resolve(e.getName()), StandardCopyOption.REPLACE_EXISTING);
                n++;
            }
        }
        return n;
    }

    static String spreadsheetSafe(String value) {
        return Export.spreadsheetSafe(value);
    }
}
