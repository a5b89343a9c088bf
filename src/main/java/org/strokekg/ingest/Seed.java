package org.strokekg.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.error.NonRetriableException;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;

/**
 * The curated stroke and hemiplegia graph and passages that ship in the jar ({@code ingest/seed/MANIFEST.txt}), loaded
 * as ordinary batches (kind {@code seed}) so they can be listed, shown and undone like any other.
 */
public final class Seed {

    static final String ROOT = "strokekg/ingest/";
    static final String MANIFEST = ROOT + "seed/MANIFEST.txt";
    public static final String CURATOR = "strokekg-seed";

    private Seed() {
    }

    /** The manifest's batches, in order: name → files with their formats. */
    public static Map<String, List<LoadInput>> batches() {
        Map<String, List<LoadInput>> batches = new LinkedHashMap<>();
        List<LoadInput> current = null;
        try (InputStream in = Seed.class.getClassLoader().getResourceAsStream(MANIFEST)) {
            if (in == null) {
                throw new NonRetriableException("missing classpath resource " + MANIFEST);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts[0].equals("batch")) {
                    current = new ArrayList<>();
                    batches.put(parts[1], current);
                } else if (current != null && parts.length == 2) {
                    current.add(LoadInput.ofResource(ROOT + parts[0], IngestFormat.named(parts[1])));
                } else {
                    throw new NonRetriableException(MANIFEST + ": cannot read line \"" + line + "\"");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return batches;
    }

    /** Loads every seed batch (each is a no-op if already loaded); the results in manifest order. */
    public static List<LoadResult> load(Curation curation) {
        List<LoadResult> results = new ArrayList<>();
        for (List<LoadInput> inputs : batches().values()) {
            LoadResult r = curation.load(inputs, CURATOR, false, Optional.of("seed"), ProgressListener.NONE);
            if (!r.ok()) {
                throw new NonRetriableException("the bundled seed failed validation: " + r.errors().stream()
                        .limit(5).map(e -> e.file() + " line " + e.line() + ": " + e.field() + ": " + e.reason())
                        .toList());
            }
            results.add(r);
        }
        return results;
    }
}
