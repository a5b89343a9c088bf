package org.strokekg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.strokekg.testing.TestApp;
import org.strokekg.testing.TestGraph;

/** The command line in process, on the shared test graph (through --neo4j-uri, as against any external server). */
class CliTest {

    record Run(int exit, String out, String err) {
    }

    static String uri;

    @BeforeAll
    static void graph() {
        TestApp.app(); // the seed is in the graph
        uri = TestGraph.boltUri().toString();
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String[] withGraph(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--neo4j-uri=" + uri);
        all.add("--neo4j-password-file=" + org.strokekg.testing.TestGraph.passwordFile());
        return all.toArray(String[]::new);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : List.of(new String[] {"--help"}, new String[] {"serve", "--help"},
                new String[] {"ingest", "--help"}, new String[] {"batches", "--help"},
                new String[] {"batches", "list", "--help"}, new String[] {"batches", "show", "--help"},
                new String[] {"batches", "delete", "--help"}, new String[] {"export", "--help"},
                new String[] {"stats", "--help"})) {
            Run r = run(cmd);
            assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).contains("Usage:");
        }
        assertThat(run("--help").out()).contains("serve", "ingest", "batches", "export", "stats");
    }

    /**
     * picocli lists a command in its parent's help by the first element of its description: each such element is a
     * whole sentence that fits on its line, and every other element ends a sentence too, so no help screen stops
     * mid-sentence (the elements were once the wrapped halves of one sentence).
     */
    @Test
    void everyCommandIsListedWithAWholeLine() {
        for (CommandLine root : List.of(Main.commandLine(), EngineMain.commandLine())) {
            checkLines(root);
        }
    }

    private static void checkLines(CommandLine parent) {
        String name = parent.getCommandSpec().qualifiedName();
        for (String element : parent.getCommandSpec().usageMessage().description()) {
            assertThat(element.strip()).as("a description element of '%s'", name).endsWith(".");
        }
        if (parent.getSubcommands().isEmpty()) {
            return;
        }
        String usage = parent.getUsageMessage(CommandLine.Help.Ansi.OFF);
        List<String> list = usage.substring(usage.indexOf("Commands:") + "Commands:".length()).lines()
                .filter(line -> !line.isBlank()).toList();
        assertThat(list).as("'%s --help' lists its commands", name).hasSize(parent.getSubcommands().size())
                .allSatisfy(line -> assertThat(line).as("one line per command, a whole sentence")
                        .matches("^  [a-z-]+ +\\S.*\\.$"));
        parent.getSubcommands().values().forEach(CliTest::checkLines);
    }

    @Test
    void ingestPrintsLineNumbersForBadFilesAndLoadsGoodOnes(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "subject,subject_type,predicate,object,object_type,source\n"
                + "脑卒中,Disease,HAS_SYMPTOM,测试命令行,Symptom,cli\n"
                + "脑卒中,Disease,NOPE,测试命令行二,Symptom,cli\n", StandardCharsets.UTF_8);
        Run rejected = run(withGraph("ingest", bad.toString()));
        assertThat(rejected.exit()).isEqualTo(2);
        assertThat(rejected.out()).contains("rejected").contains("bad.csv:3: predicate:");

        Path good = dir.resolve("good.tsv");
        Files.writeString(good, "subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\n"
                + "中風\tDisease\tHAS_SYMPTOM\t测试命令行好\tSymptom\tcli\n", StandardCharsets.UTF_8);
        Run dry = run(withGraph("ingest", "--dry-run", "--show-resolutions", good.toString()));
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).contains("dry-run").contains("\"中風\" -> stroke 脑卒中 (alias)");

        Run loaded = run(withGraph("ingest", "--curator", "cli-tester", good.toString()));
        assertThat(loaded.exit()).as(loaded.err()).isZero();
        Matcher m = Pattern.compile("committed batch (b-[0-9a-f]+)").matcher(loaded.out());
        assertThat(m.find()).as(loaded.out()).isTrue();
        String batch = m.group(1);

        assertThat(run(withGraph("ingest", good.toString())).out()).contains("unchanged");
        assertThat(run(withGraph("batches", "list")).out()).contains(batch).contains("cli-tester");
        assertThat(run(withGraph("batches", "show", batch)).out()).contains("\"relationsCreated\" : 1");
        Run deleted = run(withGraph("batches", "delete", batch));
        assertThat(deleted.out()).contains("1 relations and 1 entities removed");
        Run missing = run(withGraph("batches", "delete", batch));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no batch " + batch);
    }

    @Test
    void ingestAtATrustLevelThenReviewAndRetractAnEntityAndUndoBoth(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trust.csv");
        Files.writeString(file, "subject,subject_type,predicate,object,object_type,source\n"
                + "脑卒中,Disease,HAS_SYMPTOM,测试命令行审核,Symptom,cli trust\n", StandardCharsets.UTF_8);
        Run loaded = run(withGraph("ingest", "--trust", "unreviewed", "--show-resolutions", "--curator", "cli-tester",
                file.toString()));
        assertThat(loaded.exit()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains("trust unreviewed");
        Matcher b = Pattern.compile("committed batch (b-[0-9a-f]+)").matcher(loaded.out());
        Matcher e = Pattern.compile("\"测试命令行审核\" -> (e-[0-9a-f]+)").matcher(loaded.out());
        assertThat(b.find() && e.find()).as(loaded.out()).isTrue();
        String batch = b.group(1);
        String entity = e.group(1);
        assertThat(run(withGraph("ingest", "--trust", "sometimes", file.toString())).exit()).isNotZero();

        Run review = run(withGraph("review", entity, "--curator", "cli-tester", "--reason", "checked"));
        assertThat(review.exit()).as(review.err()).isZero();
        assertThat(review.out()).contains("review b-").contains("0 relations, 1 entities, 0 passages");
        assertThat(run(withGraph("retract", entity)).exit()).as("a retraction needs --reason").isNotZero();
        Run retract = run(withGraph("retract", entity, "--curator", "cli-tester", "--reason", "not a symptom"));
        assertThat(retract.exit()).as(retract.err()).isZero();
        Matcher r = Pattern.compile("retraction (b-[0-9a-f]+)").matcher(retract.out());
        Matcher v = Pattern.compile("review (b-[0-9a-f]+)").matcher(review.out());
        assertThat(r.find() && v.find()).isTrue();
        assertThat(run(withGraph("batches", "list")).out()).contains(r.group(1)).contains("retraction")
                .contains("reason: not a symptom").contains("unreviewed");
        assertThat(run(withGraph("stats")).out()).contains("retracted").contains("vectors");
        for (String id : List.of(r.group(1), v.group(1), batch)) {
            assertThat(run(withGraph("batches", "delete", id)).exit()).isZero();
        }
    }

    @Test
    void statsAndExportRoundTrip(@TempDir Path dir) throws Exception {
        Run stats = run(withGraph("stats", "--json"));
        assertThat(stats.exit()).isZero();
        assertThat(stats.out()).contains("\"entitiesByType\"");
        Run export = run(withGraph("export", "--out", dir.toString()));
        assertThat(export.exit()).as(export.err()).isZero();
        List<String> triples = Files.readAllLines(dir.resolve("triples.tsv"));
        List<String> entities = Files.readAllLines(dir.resolve("entities.tsv"));
        assertThat(triples.getFirst()).startsWith("subject\tsubject_type\tpredicate\tobject");
        assertThat(triples.size()).isGreaterThan(1000);
        assertThat(entities.size()).isGreaterThan(300);
        assertThat(Files.readAllLines(dir.resolve("provenance.tsv")).size()).isEqualTo(triples.size());
        assertThat(Files.readAllLines(dir.resolve("passages.jsonl"))).isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("{\"id\":").contains("\"text\":"));
        // the export is itself a valid load: every exported line is already in the graph
        Run reload = run(withGraph("ingest", "--dry-run", "--one-batch", dir.resolve("entities.tsv").toString(),
                dir.resolve("triples.tsv").toString(), dir.resolve("passages.jsonl").toString()));
        assertThat(reload.exit()).as(reload.out()).isZero();
        assertThat(reload.out()).contains("newEntities=0");
    }
}
