package org.strokekg.cli;

import java.nio.file.Path;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.server.Readiness;
import picocli.CommandLine.Option;

/** Options every command that opens the graph shares; the rest of the configuration comes from the environment. */
final class AppOptions {

    @Option(names = "--data-dir", description = "data directory (default: STROKEKG_DATA_DIR or ./data)")
    Path dataDir;

    @Option(names = "--bolt-port", description = "embedded Neo4j Bolt port on 127.0.0.1 (default: STROKEKG_BOLT_PORT or 7687)")
    Integer boltPort;

    @Option(names = "--neo4j-uri", description = "an external Neo4j or cluster, e.g. neo4j://host:7687 (default: NEO4J_URI, else embedded)")
    java.net.URI neo4jUri;

    Config config() {
        Config c = Config.fromEnvironment();
        if (neo4jUri != null) {
            c = c.withNeo4jUri(neo4jUri);
        }
        if (dataDir != null) {
            c = c.withDataDir(dataDir);
        }
        if (boltPort != null) {
            c = c.withBoltPort(boltPort);
        }
        return c;
    }

    /** Opens the graph (embedded or NEO4J_URI) and the indexes; the caller closes it. */
    StrokeKg open() {
        return StrokeKg.open(config(), new Readiness());
    }
}
