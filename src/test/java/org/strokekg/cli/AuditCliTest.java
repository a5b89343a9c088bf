package org.strokekg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.testing.TestApp;
import org.strokekg.testing.TestGraph;

/** {@code strokekg audit} prints the trail, and an undo from the command line records who did it. */
class AuditCliTest {

    @BeforeAll
    static void graph() {
        TestApp.app();
        CliTest.uri = TestGraph.boltUri().toString();
    }

    @Test
    void loadAndUndoFromTheCommandLineAreInTheTrail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit-cli.tsv");
        Files.writeString(file, "subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\n"
                + "脑卒中\tDisease\tHAS_SYMPTOM\t审计命令行症状\tSymptom\tcli audit\n", StandardCharsets.UTF_8);
        CliTest.Run loaded = CliTest.run(CliTest.withGraph("ingest", "--curator", "cli-auditor", file.toString()));
        assertThat(loaded.exit()).as(loaded.err()).isZero();
        Matcher m = Pattern.compile("committed batch (b-[0-9a-f]+)").matcher(loaded.out());
        assertThat(m.find()).as(loaded.out()).isTrue();
        String batch = m.group(1);
        assertThat(CliTest.run(CliTest.withGraph("batches", "delete", "--curator", "cli-undoer", batch)).exit()).isZero();

        CliTest.Run audit = CliTest.run(CliTest.withGraph("audit", "--limit", "10"));
        assertThat(audit.exit()).as(audit.err()).isZero();
        assertThat(audit.out()).containsPattern("cli-auditor\\s+load\\s+" + batch + "\\s+committed")
                .containsPattern("cli-undoer\\s+undo\\s+" + batch + "\\s+undone");
        CliTest.Run json = CliTest.run(CliTest.withGraph("audit", "--curator", "cli-undoer", "--json"));
        assertThat(json.out()).contains("\"action\" : \"undo\"").doesNotContain("cli-auditor");
    }
}
