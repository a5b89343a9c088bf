package org.strokekg.ingest.read;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.strokekg.error.InvalidInputException;

/** The file formats curators (and the benchmarks) load; {@link #id()} is the name the CLI and the API take. */
public enum IngestFormat {
    /** Triples, comma-separated with a header (RFC 4180 quoting). */
    CSV("csv"),
    /** Triples, tab-separated with a header. */
    TSV("tsv"),
    /** Triples, one JSON object per line. */
    JSONL("jsonl"),
    /** The xywy.com disease crawl: one JSON object of disease records. */
    XYWY("xywy"),
    /** Entities: {@code id type name aliases description source}, CSV or TSV. */
    ENTITIES("entities"),
    /** Aliases: {@code canonical alias type source}, CSV or TSV. */
    ALIASES("aliases"),
    /** Passages, one JSON object per line. */
    PASSAGES_JSONL("passages-jsonl"),
    /** Passages in Markdown, each opened by a front-matter block. */
    PASSAGES_MD("passages-md"),
    /** The alias column of zhihao-chen/QASystemOnMedicalGraph {@code disease.csv} (GB18030), for tests and benchmarks. */
    DISEASE_CSV_ALIASES("disease-csv-aliases");

    private final String id;

    IngestFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The format of this name ({@code csv}, {@code passages-md}…, case-insensitive); anything else is invalid input. */
    public static IngestFormat named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(n)).findFirst()
                .orElseThrow(() -> new InvalidInputException("format", "unknown format \"" + name + "\"; one of " + ids()));
    }

    /** Every format name, comma-separated, for messages and {@code --help}. */
    public static String ids() {
        return Arrays.stream(values()).map(IngestFormat::id).collect(Collectors.joining(", "));
    }
}
