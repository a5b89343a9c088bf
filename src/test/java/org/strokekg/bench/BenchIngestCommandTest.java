package org.strokekg.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.testing.SharedData;
import picocli.CommandLine;

/** {@code bench ingest} on the crawl's smallest file (copied to a temporary folder), with the store floor. */
class BenchIngestCommandTest {

    @Test
    void loadsReloadsAndMeasuresTheFloor(@TempDir Path tmp) throws Exception {
        Optional<Path> file = SharedData.file("kg/Tonystark-001_MedicalKGQA/medical_17.json");
        assumeTrue(file.isPresent(), "../shared/data is not here");
        Path crawl = Files.createDirectories(tmp.resolve("crawl"));
        Files.copy(file.get(), crawl.resolve("medical_17.json"));
        Path work = tmp.resolve("work");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchIngestCommand()).setOut(new PrintWriter(out, true));

        // the vectors of its ~1,500 passages would take minutes of CPU: the benchmark itself waits for them
        assertThat(cli.execute("--crawl", crawl.toString(), "--work-dir", work.toString(), "--floor",
                "--no-vectors")).isZero();
        assertThat(out.toString())
                .containsPattern("load: 1 files, [\\d,]+ triples read, [\\d,]+ relations created")
                .containsPattern("passages: [\\d,]+ from the crawl's prose")
                .contains("crawl rules: {")
                .contains("reload: 1/1 files unchanged")
                .containsPattern("floor \\(Neo4j's Java API, same process, 1 transactions each\\): [\\d,]+ entities in")
                .containsPattern("graph write [\\d.]+ s / floor [\\d.]+ s = [\\d.]+ x");
        // a kept work directory measures the floor again from empty databases
        out.getBuffer().setLength(0);
        assertThat(cli.execute("--crawl", crawl.toString(), "--work-dir", work.toString(), "--floor",
                "--no-vectors")).isZero();
        assertThat(out.toString()).contains("floor (");
    }
}
