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
import org.strokekg.testing.TestApp;
import org.strokekg.testing.TestGraph;
import picocli.CommandLine;

/** {@code strokekg merge} and {@code strokekg duplicates} in process, on the shared test graph. */
class ResolveCliTest {

    record Run(int exit, String out, String err) {
    }

    static String uri;

    @BeforeAll
    static void graph() {
        TestApp.app();
        uri = TestGraph.boltUri().toString();
    }

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static String[] withGraph(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--neo4j-uri=" + uri);
        all.add("--neo4j-password-file=" + org.strokekg.testing.TestGraph.passwordFile());
        return all.toArray(String[]::new);
    }

    static String match(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    @Test
    void helpForMergeAndDuplicates() {
        for (String cmd : List.of("merge", "duplicates")) {
            Run r = run(cmd, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        assertThat(run("--help").out()).contains("merge", "duplicates");
    }

    @Test
    void mergeUndoAndErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cli-merge.csv");
        Files.writeString(file, "subject,subject_type,predicate,object,object_type,source\n"
                + "测试命令行合并甲,Disease,HAS_SYMPTOM,测试命令行合并症状,Symptom,cli merge\n"
                + "测试命令行合并乙,Disease,HAS_SYMPTOM,测试命令行合并症状二,Symptom,cli merge\n", StandardCharsets.UTF_8);
        Run loaded = run(withGraph("ingest", "--show-resolutions", file.toString()));
        assertThat(loaded.exit()).as(loaded.err()).isZero();
        String load = match("committed batch (b-[0-9a-f]+)", loaded.out());
        String a = match("\"测试命令行合并甲\" -> (e-[0-9a-f]+)", loaded.out());
        String b = match("\"测试命令行合并乙\" -> (e-[0-9a-f]+)", loaded.out());

        Run merged = run(withGraph("merge", "--curator", "cli-merger", a, b));
        assertThat(merged.exit()).as(merged.err()).isZero();
        String batch = match("as batch (b-[0-9a-f]+)", merged.out());
        assertThat(merged.out()).contains("1 relations moved").contains("strokekg batches delete " + batch);
        assertThat(run(withGraph("batches", "show", batch)).out()).contains("\"kind\" : \"merge\"").contains("cli-merger");

        Run pinned = run(withGraph("batches", "delete", load));
        assertThat(pinned.exit()).isEqualTo(1);
        assertThat(pinned.err()).contains("undo the merge first").contains(batch);
        assertThat(run(withGraph("batches", "delete", batch)).exit()).isZero();
        assertThat(run(withGraph("batches", "delete", load)).exit()).isZero();

        Run self = run(withGraph("merge", "stroke", "stroke"));
        assertThat(self.exit()).isEqualTo(1);
        assertThat(self.err()).contains("itself");
        assertThat(run(withGraph("merge", "stroke", "no-such-entity")).err()).contains("no entity no-such-entity");
    }

    @Test
    void duplicatesPrintsPairsOrJson() {
        Run text = run(withGraph("duplicates", "--min-score", "0.01", "--limit", "5"));
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).satisfiesAnyOf(o -> assertThat(o).contains("strokekg merge "),
                o -> assertThat(o).contains("no likely duplicates"));
        Run json = run(withGraph("duplicates", "--json", "--type", "Disease"));
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"pairs\"");
        Run bad = run(withGraph("duplicates", "--type", "Planet"));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("type: unknown type Planet");
    }
}
