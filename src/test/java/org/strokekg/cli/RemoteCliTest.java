package org.strokekg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.backup.Backup;
import org.strokekg.testing.ChildJvm;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;
import org.strokekg.testing.TestGraph;

/**
 * The command line beside a running server: each knowledge command, run as its own process with the curator key in
 * the environment, sends its work to the server over the HTTP API (found in the data directory's announcement, or
 * named by {@code --server}) instead of opening the store the server holds; a missing key or a dead server is one
 * clear line, not a stack trace.
 */
class RemoteCliTest {

    private static final String NO_TRACE = "\tat ";
    private static String url;

    @BeforeAll
    static void server() {
        TestApp.app();
        url = TestApp.baseUrl();
    }

    private static ChildJvm.Result cli(String... args) {
        return ChildJvm.strokekg(Map.of("STROKEKG_CURATOR_KEY", TestApp.CURATOR_KEY), args);
    }

    @Test
    void theServerAnnouncedInTheDataDirectoryIsUsed(@TempDir Path data) {
        int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1).replaceAll("/.*", ""));
        try (RunningServer announced = RunningServer.announce(data, "127.0.0.1", port)) {
            ChildJvm.Result stats = cli("stats", "--json", "--data-dir=" + data);
            assertThat(stats.exit()).as(stats.output()).isZero();
            assertThat(stats.output()).contains("using the running server at http://127.0.0.1:" + port)
                    .contains("\"entitiesByType\"");
            // the command did not open the store: nothing but the announcement is in the directory
            assertThat(data.toFile().list()).containsExactly(RunningServer.FILE);
        }
    }

    @Test
    void knowledgeCommandsWorkThroughTheServer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("remote-cli.csv");
        Files.writeString(file, "subject,subject_type,predicate,object,object_type,source\n"
                + "脑卒中,Disease,HAS_SYMPTOM,远程命令症状甲,Symptom,remote cli\n"
                + "脑卒中,Disease,HAS_SYMPTOM,远程命令症状乙,Symptom,remote cli\n", StandardCharsets.UTF_8);
        ChildJvm.Result dry = cli("ingest", "--server", url, "--dry-run", file.toString());
        assertThat(dry.exit()).as(dry.output()).isZero();
        assertThat(dry.output()).contains("using the running server").contains("dry-run");

        ChildJvm.Result loaded = cli("ingest", "--server", url, "--curator", "ignored", file.toString());
        assertThat(loaded.exit()).as(loaded.output()).isZero();
        assertThat(loaded.output()).contains("--curator is not sent");
        Matcher m = Pattern.compile("committed batch (b-[0-9a-f]+)").matcher(loaded.output());
        assertThat(m.find()).as(loaded.output()).isTrue();
        String batch = m.group(1);
        String mergeBatch = null;
        try {
            assertThat(cli("batches", "list", "--server", url).output()).contains(batch).contains("tester");
            assertThat(cli("batches", "show", "--server", url, batch).output()).contains("\"relationsCreated\" : 2");

            Http http = new Http(url);
            String a = http.get("/api/v1/entities?q=" + Http.q("远程命令症状甲")).json().get("entities").get(0).get("id").asText();
            String b = http.get("/api/v1/entities?q=" + Http.q("远程命令症状乙")).json().get("entities").get(0).get("id").asText();
            ChildJvm.Result dups = cli("duplicates", "--server", url, "--type", "Symptom", "--min-score", "0.1",
                    "--json");
            assertThat(dups.exit()).as(dups.output()).isZero();
            assertThat(dups.output()).contains("\"pairs\"");
            ChildJvm.Result merged = cli("merge", "--server", url, a, b);
            assertThat(merged.exit()).as(merged.output()).isZero();
            Matcher mm = Pattern.compile("as batch (b-[0-9a-f]+)").matcher(merged.output());
            assertThat(mm.find()).as(merged.output()).isTrue();
            mergeBatch = mm.group(1);
            assertThat(cli("audit", "--server", url, "--limit", "5").output())
                    .containsPattern("tester\\s+merge\\s+");

            // a retraction through the server, recorded under the key's name, undone the same way
            String fact = TestGraph.store().read(tx -> tx.run("MATCH (:Entity {id: 'stroke'})-[r:HAS_SYMPTOM]->"
                    + "(:Entity {id: $a}) RETURN r.id AS id", Map.of("a", a)).single().get("id").asString());
            ChildJvm.Result retracted = cli("retract", "--server", url, "--reason", "remote test", fact);
            assertThat(retracted.exit()).as(retracted.output()).isZero();
            Matcher rm = Pattern.compile("(b-[0-9a-f]+) by tester: 1 relations").matcher(retracted.output());
            assertThat(rm.find()).as(retracted.output()).isTrue();
            assertThat(cli("batches", "delete", "--server", url, rm.group(1)).exit()).isZero();

            ChildJvm.Result export = cli("export", "--server", url, "--out", dir.resolve("export").toString());
            assertThat(export.exit()).as(export.output()).isZero();
            assertThat(Files.readString(dir.resolve("export/triples.tsv"))).contains("远程命令症状甲");
            assertThat(Files.readAllLines(dir.resolve("export/passages.jsonl"))).isNotEmpty();

            Path archive = dir.resolve("backup.zip");
            ChildJvm.Result backup = cli("backup", "--server", url, "--out", archive.toString());
            assertThat(backup.exit()).as(backup.output()).isZero();
            assertThat(Backup.manifest(archive).labels()).containsKeys("Entity", "Batch");

            ChildJvm.Result undo = cli("batches", "delete", "--server", url, mergeBatch);
            assertThat(undo.exit()).as(undo.output()).isZero();
            mergeBatch = null;
        } finally {
            if (mergeBatch != null) {
                cli("batches", "delete", "--server", url, mergeBatch);
            }
            ChildJvm.Result undo = cli("batches", "delete", "--server", url, batch);
            assertThat(undo.output()).contains("batch " + batch + " deleted: 2 relations and 2 entities removed");
        }
    }

    @Test
    void askAndStatsNeedNoKey() {
        CliRunner.Run stats = CliRunner.run("stats", "--server", url);
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("entities");
        CliRunner.Run ask = CliRunner.run("ask", "--server", url, "--json", "脑卒中有哪些症状");
        assertThat(ask.exit()).as(ask.err()).isZero();
        assertThat(ask.out()).contains("\"citations\"");
    }

    @Test
    void aMissingKeyOrADeadServerIsOneClearLine(@TempDir Path dir) {
        // the command line in this process has no key (a child with STROKEKG_CURATOR_KEY is what the other tests run)
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("STROKEKG_CURATOR_KEY") == null);
        CliRunner.Run noKey = CliRunner.run("export", "--server", url, "--out", dir.toString());
        assertThat(noKey.exit()).isEqualTo(CliErrors.FAILED);
        assertThat(noKey.err()).contains("API key").contains("set STROKEKG_CURATOR_KEY").doesNotContain(NO_TRACE);

        int dead = TestGraph.freePort();
        for (List<String> cmd : List.of(List.of("stats"), List.of("batches", "list"), List.of("backup", "--out",
                dir.resolve("b.zip").toString()))) {
            String[] args = java.util.stream.Stream.concat(cmd.stream(), java.util.stream.Stream.of("--server",
                    "http://127.0.0.1:" + dead)).toArray(String[]::new);
            CliRunner.Run r = CliRunner.run(args);
            assertThat(r.exit()).as(String.join(" ", cmd)).isEqualTo(CliErrors.CONFIG);
            assertThat(r.err()).as(String.join(" ", cmd)).contains("does not answer").doesNotContain(NO_TRACE);
        }
        assertThat(dir.resolve("b.zip")).doesNotExist();
    }
}
