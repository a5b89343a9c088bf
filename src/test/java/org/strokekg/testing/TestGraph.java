package org.strokekg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.strokekg.graph.GraphServer;
import org.strokekg.graph.GraphStore;

/**
 * One embedded Neo4j for the whole test JVM, behind its generated password as in production: a start costs 5–30 s on two cores, so tests share it and isolate
 * themselves by data (fresh ids, undo, or {@link #wipe()}), never by restarting it. Shut down by a JVM hook.
 */
public final class TestGraph {

    private static GraphServer server;
    private static GraphStore store;
    private static Path dir;

    private TestGraph() {
    }

    public static synchronized GraphStore store() {
        if (store == null) {
            try {
                dir = Files.createTempDirectory("strokekg-test-graph");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = GraphServer.start(new GraphServer.Options(dir, "127.0.0.1", freePort(), 128L << 20));
            store = GraphStore.connect(connection());
            store.applySchema();
            Runtime.getRuntime().addShutdownHook(new Thread(TestGraph::shutdown, "test-graph-shutdown"));
        }
        return store;
    }

    /** How a client reaches the test graph: its Bolt URI with the user and the password it generated. */
    public static synchronized GraphStore.Connection connection() {
        if (server == null) {
            store();
        }
        return new GraphStore.Connection(server.boltUri(), server.password().user(), server.password().password(),
                "neo4j");
    }

    /** The file holding the test graph's password, for the command line's {@code --neo4j-password-file}. */
    public static synchronized Path passwordFile() {
        store();
        return server.password().file();
    }

    public static synchronized java.net.URI boltUri() {
        store();
        return server.boltUri();
    }

    /** Removes every node and relationship (schema stays). */
    public static void wipe() {
        long deleted;
        do {
            deleted = store().write(tx -> tx.run("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n")
                    .single().get("n").asLong());
        } while (deleted > 0);
    }

    private static synchronized void shutdown() {
        if (store != null) {
            store.close();
            server.close();
            deleteTree(dir);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
