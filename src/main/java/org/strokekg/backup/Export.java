package org.strokekg.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.strokekg.graph.GraphExport;
import org.strokekg.graph.GraphStore;
import org.strokekg.graph.Relation;

/**
 * The graph as files {@code strokekg ingest} loads back: {@code entities.tsv} (entity format), {@code triples.tsv}
 * (triple format), {@code passages.jsonl} (passages-jsonl format) and {@code provenance.tsv} (each relation's id, ends,
 * batches, curator and time, which the triple format has no columns for) — into a directory, or as a zip of the same
 * files (what the server sends). Unlike a backup it is for people and other tools: no trust, reviews or audit.
 */
public final class Export {

    /** Counts of what was written. */
    public record Counts(long entities, long relations, long passages) {
    }

    private interface Sink {
        Writer open(String name) throws IOException;

        void done(Writer w) throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private Export() {
    }

    public static Counts toDirectory(GraphStore store, Path dir) throws IOException {
        Files.createDirectories(dir);
        return write(store, new Sink() {
            @Override
            public Writer open(String name) throws IOException {
                return Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
            }

            @Override
            public void done(Writer w) throws IOException {
                w.close();
            }
        });
    }

    /** The same files in one zip written to {@code out} (finished, not closed). */
    public static Counts toZip(GraphStore store, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        Counts c = write(store, new Sink() {
            @Override
            public Writer open(String name) throws IOException {
                zip.putNextEntry(new ZipEntry(name));
                return new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8));
            }

            @Override
            public void done(Writer w) throws IOException {
                w.flush();
                zip.closeEntry();
            }
        });
        zip.finish();
        return c;
    }

    private static Counts write(GraphStore store, Sink files) throws IOException {
        GraphExport export = new GraphExport(store);
        Writer entities = files.open("entities.tsv");
        entities.write("id\ttype\tname\taliases\tdescription\tsource\tdescription_en\n");
        long e = export.entities(x -> line(entities, x.id(), x.type(), x.name(), String.join("|", x.aliases()),
                x.description(), String.join("; ", x.sources()), x.descriptionEn()));
        files.done(entities);
        Writer triples = files.open("triples.tsv");
        triples.write("subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\tevidence\tconfidence\n");
        long r = export.relations(row -> {
            Relation x = row.relation();
            line(triples, row.startName(), row.startType(), x.type(), row.endName(), row.endType(), x.source(),
                    x.evidence().orElse(""), x.confidence().map(String::valueOf).orElse(""));
        });
        files.done(triples);
        Writer provenance = files.open("provenance.tsv");
        provenance.write("id\tsubject_id\tpredicate\tobject_id\tbatch\tbatches\tcurator\tcreatedAt\n");
        export.relations(row -> {
            Relation x = row.relation();
            line(provenance, x.id(), x.startId(), x.type(), x.endId(), x.batch(), String.join("|", x.batches()),
                    x.curator(), x.createdAt().toString());
        });
        files.done(provenance);
        Writer passages = files.open("passages.jsonl");
        long[] p = {0};
        export.passages(x -> {
            if (x.retracted()) {
                return; // a retracted passage is out of every read, and out of what is loaded again
            }
            p[0]++;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.id());
            m.put("title", x.title());
            m.put("text", x.text());
            m.put("source", x.source());
            m.put("entities", x.entityIds());
            if (x.topic() != null && !x.topic().isEmpty()) {
                m.put("topic", x.topic());
            }
            if (x.lang() != null && !x.lang().isEmpty()) {
                m.put("lang", x.lang());
            }
            if (x.translationOf() != null && !x.translationOf().isEmpty()) {
                m.put("translation_of", x.translationOf());
            }
            if (!x.population().isEmpty()) {
                m.put("population", x.population());
            }
            try {
                passages.write(JSON.writeValueAsString(m));
                passages.write('\n');
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        files.done(passages);
        return new Counts(e, r, p[0]);
    }

    /**
     * One TSV line; tabs and line breaks inside a value become spaces, as the format has no quoting. A value that
     * starts with {@code = + - @} gets a leading {@code '}, so a spreadsheet that opens the file shows it as text instead
     * of running it as a formula; the table readers take the {@code '} off again, so the export still loads as it was.
     */
    private static void line(Writer w, String... values) {
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

    public static String spreadsheetSafe(String value) {
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
