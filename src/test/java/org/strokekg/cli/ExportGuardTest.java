package org.strokekg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.testing.TestApp;
import org.strokekg.testing.TestGraph;

/**
 * An exported TSV opened in a spreadsheet runs no formula: names beginning with {@code = + - @} are written with a
 * leading {@code '}; loading the export again reads them as they were.
 */
class ExportGuardTest {

    @BeforeAll
    static void graph() {
        TestApp.app();
        CliTest.uri = TestGraph.boltUri().toString();
    }

    @Test
    void formulaLikeNamesAreExportedAsTextAndLoadBackUnchanged(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("formulas.tsv");
        Files.writeString(file, "type\tname\taliases\tsource\n"
                + "Symptom\t=HYPERLINK(\"http://evil.example\";\"x\")\t+1+1|@SUM(A1)\tformula test\n"
                + "Symptom\t-2+3 症状\t\tformula test\n", StandardCharsets.UTF_8);
        CliTest.Run loaded = CliTest.run(CliTest.withGraph("ingest", "--format", "entities", file.toString()));
        assertThat(loaded.exit()).as(loaded.out() + loaded.err()).isZero();
        Matcher m = Pattern.compile("committed batch (b-[0-9a-f]+)").matcher(loaded.out());
        assertThat(m.find()).isTrue();
        try {
            Path out = dir.resolve("export");
            assertThat(CliTest.run(CliTest.withGraph("export", "--out", out.toString())).exit()).isZero();
            List<String> lines = Files.readAllLines(out.resolve("entities.tsv"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\t'=HYPERLINK(\"http://evil.example\";\"x\")\t")
                    .contains("'+1+1|@SUM(A1)"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\t'-2+3 症状\t"));
            assertThat(lines).noneSatisfy(l -> assertThat(l.split("\t", -1)).anySatisfy(cell ->
                    assertThat(cell).matches("[=+\\-@].*")));
            CliTest.Run reload = CliTest.run(CliTest.withGraph("ingest", "--dry-run", "--format", "entities",
                    out.resolve("entities.tsv").toString()));
            assertThat(reload.out()).as(reload.out()).contains("newEntities=0");
        } finally {
            CliTest.run(CliTest.withGraph("batches", "delete", m.group(1)));
        }
    }

    @Test
    void onlyValuesThatCouldBeFormulasAreGuarded() {
        assertThat(ExportCommand.spreadsheetSafe("=1+1")).isEqualTo("'=1+1");
        assertThat(ExportCommand.spreadsheetSafe("@x")).isEqualTo("'@x");
        assertThat(ExportCommand.spreadsheetSafe("中风")).isEqualTo("中风");
        assertThat(ExportCommand.spreadsheetSafe("a=b")).isEqualTo("a=b");
        assertThat(ExportCommand.spreadsheetSafe("")).isEmpty();
    }
}
