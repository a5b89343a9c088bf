package org.strokekg.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.strokekg.graph.GraphServer;

/**
 * A Neo4j server in its own process, for the test that points StrokeKG at an external server through NEO4J_URI.
 * Prints {@code READY} once Bolt listens; stops when its standard input closes.
 */
public final class StandaloneNeo4j {

    private StandaloneNeo4j() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        try (GraphServer server = GraphServer.start(new GraphServer.Options(dir, "127.0.0.1", port, 64L << 20))) {
            System.out.println("READY " + server.boltUri());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
