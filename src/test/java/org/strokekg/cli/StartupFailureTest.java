package org.strokekg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.testing.ChildJvm;
import org.strokekg.testing.TestGraph;

/**
 * A start that cannot succeed ends at once with one line naming the cause and an exit status for its kind: 3 a
 * setting, 4 a port, 5 the data directory, 6 the graph. Each runs as an operator would, in a process of its own.
 */
class StartupFailureTest {

    @TempDir
    Path dir;

    private Map<String, String> env(String... kv) {
        Map<String, String> env = new HashMap<>();
        env.put("STROKEKG_DATA_DIR", dir.resolve("data").toString());
        env.put("STROKEKG_PORT", String.valueOf(TestGraph.freePort()));
        env.put("STROKEKG_BOLT_PORT", String.valueOf(TestGraph.freePort()));
        env.put("STROKEKG_SEED", "false");
        for (int i = 0; i + 1 < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    private static void oneLine(ChildJvm.Result r, int exit, String says) {
        String last = r.output().strip().lines().filter(l -> l.startsWith("strokekg: ")).reduce((a, b) -> b).orElse("");
        assertThat(r.exit()).as(r.output()).isEqualTo(exit);
        assertThat(last).as(r.output()).contains(says);
        assertThat(r.output()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception in");
        System.out.printf("exit %d after %d ms: %s%n", r.exit(), r.millis(), last);
    }

    @Test
    void aMalformedHostIsAConfigurationErrorNotAPortInUse() {
        oneLine(ChildJvm.strokekg(env("STROKEKG_HOST", "999.1.1.1"), "serve"), CliErrors.CONFIG,
                "STROKEKG_HOST: not an IPv4 address: 999.1.1.1");
    }

    @Test
    void aHostThatIsNotThisMachinesIsAConfigurationError() {
        // TEST-NET-1 (RFC 5737): never an address of this machine
        oneLine(ChildJvm.strokekg(env("STROKEKG_HOST", "192.0.2.1"), "serve"), CliErrors.CONFIG,
                "STROKEKG_HOST=192.0.2.1 is not an address of this machine");
    }

    @Test
    void aMissingVocabularyFileIsFoundBeforeTheGraphStarts() {
        oneLine(ChildJvm.strokekg(env("STROKEKG_VOCABULARY", dir.resolve("missing.json").toString()), "stats"),
                CliErrors.CONFIG, "missing.json");
    }

    @Test
    void aTakenHttpPortOrBoltPortIsAPortError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            oneLine(ChildJvm.strokekg(env("STROKEKG_PORT", port), "serve"), CliErrors.PORT, "HTTP port 127.0.0.1:"
                    + port + " is in use");
            oneLine(ChildJvm.strokekg(env("STROKEKG_BOLT_PORT", port), "stats"), CliErrors.PORT, "Bolt port 127.0.0.1:"
                    + port + " is in use");
        }
    }

    @Test
    void aDataDirectoryHeldByAnotherProcessSaysSoInOneLine() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (FileChannel ch = FileChannel.open(data.resolve("strokekg.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            ch.write(java.nio.ByteBuffer.wrap("4242\n".getBytes()));
            oneLine(ChildJvm.strokekg(env(), "stats"), CliErrors.DATA_DIR, "is in use by another StrokeKG process "
                    + "(process 4242)");
            oneLine(ChildJvm.strokekg(env(), "batches", "list"), CliErrors.DATA_DIR, "a running server?");
        }
    }

    @Test
    void aGraphThatCannotBeReachedIsAGraphError() throws Exception {
        int closed = TestGraph.freePort();
        oneLine(ChildJvm.strokekg(env("NEO4J_URI", "bolt://127.0.0.1:" + closed), "stats"), CliErrors.GRAPH,
                "cannot reach Neo4j at bolt://127.0.0.1:" + closed);
        oneLine(ChildJvm.strokekg(env("NEO4J_URI", TestGraph.boltUri().toString(), "NEO4J_PASSWORD", "wrong-password"),
                "stats"), CliErrors.GRAPH, "refused the credentials");
    }
}
