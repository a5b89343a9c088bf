package org.strokekg.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.Vocabulary;
import org.strokekg.ingest.read.AliasRow;
import org.strokekg.ingest.read.EntityRow;
import org.strokekg.ingest.read.IngestFile;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.IngestItem;
import org.strokekg.ingest.read.LineError;
import org.strokekg.ingest.read.Parsed;
import org.strokekg.ingest.read.PassageRow;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.ingest.read.Triple;
import org.strokekg.ingest.read.ValidationReport;

/**
 * Reads a batch's inputs for {@link Curation}: every file's validated items with their lines and formats, the reports,
 * the line errors, the counts, and a digest of the content (the batch id: the same facts give the same digest whatever
 * the format).
 */
final class InputReader {

    private InputReader() {
    }

    /** The validated items of every input, their reports, line errors, formats, and a digest of the content. */
    record Read(List<BatchPlanner.Located<IngestItem>> items, List<ValidationReport> reports,
                        List<LoadResult.FileError> errors, long errorCount, Map<String, Long> counts, String digest,
                        List<IngestFormat> formats) {
    }

    static Read read(List<LoadInput> inputs, Vocabulary vocabulary, ProgressListener progress) {
        List<BatchPlanner.Located<IngestItem>> items = new ArrayList<>();
        List<ValidationReport> reports = new ArrayList<>();
        List<LoadResult.FileError> errors = new ArrayList<>();
        long errorCount = 0;
        Map<String, Long> counts = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        List<IngestFormat> formats = new ArrayList<>();
        for (LoadInput input : inputs) {
            try (InputStream in = input.opener().open();
                 IngestFile file = IngestFile.open(in, input.name(), input.size(), input.format(), vocabulary, progress)) {
                digest.update(file.format().id().getBytes(StandardCharsets.UTF_8));
                IngestFormat format = file.format();
                formats.add(format);
                file.items().forEach(p -> {
                    if (p instanceof Parsed.Ok<IngestItem> ok) {
                        items.add(new BatchPlanner.Located<>(input.name(), ok.line(), ok.value(), format));
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
                HexFormat.of().formatHex(digest.digest()), formats);
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
                            : s + p.lang() + s + p.translationOf().orElse(""))
                    + p.population().map(g -> s + "population" + s + g).orElse("") + '\n';
        };
    }

    private static final Map<String, String> PLURAL = Map.of("triple", "triples", "entity", "entities",
            "alias", "aliases", "passage", "passages");

    /** The batch's kind: what its items are ({@code triples}, {@code entities}…), or {@code mixed}. */
    static String kindOf(Map<String, Long> counts) {
        List<String> kinds = PLURAL.values().stream().sorted().filter(k -> counts.getOrDefault(k, 0L) > 0).toList();
        return kinds.size() == 1 ? kinds.getFirst() : kinds.isEmpty() ? "empty" : "mixed";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
