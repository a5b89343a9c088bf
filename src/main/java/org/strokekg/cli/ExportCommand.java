package org.strokekg.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.graph.GraphExport;
import org.strokekg.graph.Relation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes the graph as files the ingest command reads back: {@code entities.tsv} (entity format) and
 * {@code triples.tsv} (triple format), plus {@code provenance.tsv} with each relation's id, ends, batches, curator
 * and time, which the triple format has no columns for.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export the graph to TSV files that 'ingest' loads.",
                "DIR/entities.tsv and DIR/triples.tsv (both loadable by 'ingest'), and DIR/provenance.tsv (relation id, "
                        + "ends, batch, batches, curator, createdAt)."})
final class ExportCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Option(names = "--out", required = true, description = "directory to write into (created if missing)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        try (StrokeKg kg = app.open();
             BufferedWriter entities = Files.newBufferedWriter(out.resolve("entities.tsv"), StandardCharsets.UTF_8);
             BufferedWriter triples = Files.newBufferedWriter(out.resolve("triples.tsv"), StandardCharsets.UTF_8);
             BufferedWriter provenance = Files.newBufferedWriter(out.resolve("provenance.tsv"), StandardCharsets.UTF_8)) {
            GraphExport export = new GraphExport(kg.store());
            entities.write("id\ttype\tname\taliases\tdescription\tsource\tdescription_en\n");
            long e = export.entities(x -> line(entities, x.id(), x.type(), x.name(), String.join("|", x.aliases()),
                    x.description(), String.join("; ", x.sources()), x.descriptionEn()));
            triples.write("subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\tevidence\tconfidence\n");
            provenance.write("id\tsubject_id\tpredicate\tobject_id\tbatch\tbatches\tcurator\tcreatedAt\n");
            long r = export.relations(row -> {
                Relation x = row.relation();
                line(triples, row.startName(), row.startType(), x.type(), row.endName(), row.endType(), x.source(),
                        x.evidence().orElse(""), x.confidence().map(String::valueOf).orElse(""));
                line(provenance, x.id(), x.startId(), x.type(), x.endId(), x.batch(), String.join("|", x.batches()),
                        x.curator(), x.createdAt().toString());
            });
            spec.commandLine().getOut().printf("exported %,d entities and %,d relations to %s%n", e, r, out);
            return 0;
        }
    }

    /**
     * One TSV line; tabs and line breaks inside a value become spaces, as the format has no quoting. A value that
     * starts with {@code = + - @} gets a leading {@code '}, so a spreadsheet that opens the file shows it as text instead
     * of running it as a formula; the table readers take the {@code '} off again, so the export still loads as it was.
     */
    private static void line(BufferedWriter w, String... values) {
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    w.write('\t');
                }
                w.write(spreadsheetSafe(values[i].replace('\t', ' ').replace('\r', ' ').replace('\n', ' ')));
            }
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String spreadsheetSafe(String value) {
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
