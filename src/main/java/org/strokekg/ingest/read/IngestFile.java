package org.strokekg.ingest.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.RetriableException;
import org.strokekg.graph.Vocabulary;

/**
 * One input file opened for ingest: its format (named or detected), a single-use stream of validated items with their
 * lines, and the report of what was read. Streaming throughout: memory stays bounded by one record, whatever the file size.
 * Nothing here touches the graph; the loader decides what to write once the report says {@link ValidationReport#ok()}.
 *
 * <pre>{@code
 * try (IngestFile f = IngestFile.open(path, Optional.empty(), vocabulary, ProgressListener.NONE)) {
 *     f.items().forEach(p -> ...);          // Parsed.Ok or Parsed.Bad, in file order
 *     ValidationReport report = f.report(); // complete once the stream is exhausted
 * }
 * }</pre>
 */
public final class IngestFile implements AutoCloseable {

    private static final int HEAD = 1 << 16;

    /** Everything a file held, for callers that load a file whole (the seed, a dry run that also lists items). */
    public record Contents(ValidationReport report, List<Triple> triples, List<EntityRow> entities, List<AliasRow> aliases,
                           List<PassageRow> passages) {
        public Contents {
            triples = List.copyOf(triples);
            entities = List.copyOf(entities);
            aliases = List.copyOf(aliases);
            passages = List.copyOf(passages);
        }
    }

    private final String name;
    private final IngestFormat format;
    private final RecordReader reader;
    private final ReportBuilder report;
    private boolean streamed;

    private IngestFile(String name, IngestFormat format, RecordReader reader, ReportBuilder report) {
        this.name = name;
        this.format = format;
        this.reader = reader;
        this.report = report;
    }

    /** Opens a file; without a format, the extension and the first bytes decide (an unknown one is invalid input). */
    public static IngestFile open(Path file, Optional<IngestFormat> format, Vocabulary vocabulary, ProgressListener progress) {
        InputStream in;
        long size;
        try {
            size = Files.size(file);
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new InvalidInputException("file", "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return open(in, file.getFileName().toString(), size, format, vocabulary, progress);
        } catch (RuntimeException e) {
            closeQuietly(in, e);
            throw e;
        }
    }

    /**
     * Opens a stream (an upload, a request body, a classpath resource); {@code name} is the file name used for format
     * detection, messages and xywy sources; {@code totalBytes} is its size or -1. Closing this closes the stream.
     */
    public static IngestFile open(InputStream in, String name, long totalBytes, Optional<IngestFormat> format,
                                  Vocabulary vocabulary, ProgressListener progress) {
        BufferedInputStream buffered = new BufferedInputStream(in, HEAD);
        byte[] head = new byte[HEAD];
        int n;
        try {
            buffered.mark(HEAD);
            n = buffered.readNBytes(head, 0, HEAD);
            buffered.reset();
        } catch (IOException e) {
            throw new RetriableException("cannot read " + name, e);
        }
        IngestFormat f = format.orElseGet(() -> FormatSniffer.detect(name, head, n));
        Charset charset = f == IngestFormat.DISEASE_CSV_ALIASES ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
        // created lazily: the xywy reader checks bytes itself and never decodes the text it skips
        java.util.function.Supplier<StrictReader> chars = () -> new StrictReader(buffered, charset, totalBytes, progress);
        ReportBuilder report = new ReportBuilder(name, f.id());
        Validator v = new Validator(vocabulary);
        RecordReader reader;
        try {
            reader = switch (f) {
                case CSV -> triples(new DelimitedRows(new LineSource(chars.get()), ','), v);
                case TSV -> triples(new DelimitedRows(new LineSource(chars.get()), '\t'), v);
                case JSONL -> new JsonLinesReader(new LineSource(chars.get()), JsonLinesReader.TRIPLE_KEYS,
                        (line, o, errors) -> v.triple(line, o.text("subject"), o.text("subject_type"), o.text("predicate"),
                                o.text("object"), o.text("object_type"), o.text("source"), o.text("evidence"),
                                o.number("confidence"), errors));
                case XYWY -> new XywyReader(new Utf8CheckingStream(buffered, totalBytes, progress), name, v, report);
                case ENTITIES -> new TableReader(new DelimitedRows(new LineSource(chars.get()), FormatSniffer.delimiter(head, n)),
                        TableReader.Spec.ENTITIES,
                        (line, r, errors) -> v.entity(line, r.get("id"), r.get("type"), r.get("name"),
                                TableReader.split(r.get("aliases"), '|'), r.get("description"), r.get("source"),
                                r.get("description_en"), errors));
                case ALIASES -> new TableReader(new DelimitedRows(new LineSource(chars.get()), FormatSniffer.delimiter(head, n)),
                        TableReader.Spec.ALIASES,
                        (line, r, errors) -> v.alias(line, r.get("canonical"), r.get("alias"), r.get("type"), r.get("source"),
                                errors));
                case PASSAGES_JSONL -> new JsonLinesReader(new LineSource(chars.get()), JsonLinesReader.PASSAGE_KEYS,
                        (line, o, errors) -> v.passage(line, o.text("id"), o.text("title"), o.text("text"), o.text("source"),
                                o.strings("entities"), o.text("topic"), o.text("lang"), o.text("translation_of"),
                                o.text("population"), errors));
                case PASSAGES_MD -> new MarkdownPassageReader(new LineSource(chars.get()), v);
                case DISEASE_CSV_ALIASES -> new DiseaseCsvAliasReader(new DelimitedRows(new LineSource(chars.get()), ','), v, report);
            };
        } catch (IOException e) {
            throw new RetriableException("cannot read " + name, e);
        }
        return new IngestFile(name, f, reader, report);
    }

    private static TableReader triples(DelimitedRows rows, Validator v) {
        return new TableReader(rows, TableReader.Spec.TRIPLES,
                (line, r, errors) -> v.triple(line, r.get("subject"), r.get("subject_type"), r.get("predicate"), r.get("object"),
                        r.get("object_type"), r.get("source"), r.get("evidence"), r.get("confidence"), errors));
    }

    /** Reads a file to its end and returns the report only: the dry run. */
    public static ValidationReport validate(Path file, Optional<IngestFormat> format, Vocabulary vocabulary,
                                            ProgressListener progress) {
        try (IngestFile f = open(file, format, vocabulary, progress)) {
            f.items().forEach(p -> { });
            return f.report();
        }
    }

    /** Reads a file to its end, keeping the accepted items by kind with the report. */
    public static Contents readAll(Path file, Optional<IngestFormat> format, Vocabulary vocabulary, ProgressListener progress) {
        try (IngestFile f = open(file, format, vocabulary, progress)) {
            return f.readAll();
        }
    }

    /** Reads this file to its end, keeping the accepted items by kind with the report. */
    public Contents readAll() {
        List<Triple> triples = new ArrayList<>();
        List<EntityRow> entities = new ArrayList<>();
        List<AliasRow> aliases = new ArrayList<>();
        List<PassageRow> passages = new ArrayList<>();
        items().forEach(p -> {
            if (p instanceof Parsed.Ok<IngestItem> ok) {
                switch (ok.value()) {
                    case Triple t -> triples.add(t);
                    case EntityRow e -> entities.add(e);
                    case AliasRow a -> aliases.add(a);
                    case PassageRow r -> passages.add(r);
                }
            }
        });
        return new Contents(report(), triples, entities, aliases, passages);
    }

    public String name() {
        return name;
    }

    public IngestFormat format() {
        return format;
    }

    /**
     * The items in file order, each accepted or rejected with its line; an xywy record gives several items on one line.
     * Read lazily and only once. An I/O failure while reading surfaces as {@link RetriableException}.
     */
    public Stream<Parsed<IngestItem>> items() {
        if (streamed) {
            throw new IllegalStateException("the items of " + name + " were already read");
        }
        streamed = true;
        Iterator<Parsed<IngestItem>> it = new Iterator<>() {
            private final ArrayDeque<Parsed<IngestItem>> queue = new ArrayDeque<>();
            private final List<Parsed<IngestItem>> batch = new ArrayList<>();
            private boolean end;

            @Override
            public boolean hasNext() {
                while (queue.isEmpty() && !end) {
                    batch.clear();
                    try {
                        end = !reader.next(batch);
                    } catch (IOException e) {
                        throw new RetriableException("cannot read " + name + ": " + e.getMessage(), e);
                    } catch (UncheckedIOException e) {
                        throw new RetriableException("cannot read " + name + ": " + e.getMessage(), e.getCause());
                    }
                    for (Parsed<IngestItem> p : batch) {
                        report.add(p);
                        queue.add(p);
                    }
                }
                return !queue.isEmpty();
            }

            @Override
            public Parsed<IngestItem> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return queue.poll();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(this::close);
    }

    /** What was read so far; complete once {@link #items()} is exhausted. */
    public ValidationReport report() {
        return report.build(reader.lines());
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new RetriableException("cannot close " + name, e);
        }
    }

    private static void closeQuietly(InputStream in, RuntimeException failure) {
        try {
            in.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
