package org.strokekg.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.strokekg.graph.Vocabulary;

/** The curated seed ({@code ingest/seed/*.tsv}, written alongside) validates without a single error. */
class SeedFilesTest {

    @Test
    void seedFilesValidateCleanly() throws IOException {
        Path dir = Path.of("ingest", "seed");
        assumeTrue(Files.isDirectory(dir), "no seed files in this checkout yet");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".tsv")).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no seed files in this checkout yet");
        Vocabulary vocabulary = Vocabulary.builtIn();
        for (Path file : files) {
            ValidationReport r = IngestFile.validate(file, Optional.empty(), vocabulary, ProgressListener.NONE);
            assertThat(r.errors()).as(file.toString()).isEmpty();
            assertThat(r.accepted()).as(file.toString()).isPositive();
        }
    }
}
