package org.strokekg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.StartupException;
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

    @Option(names = "--neo4j-password-file", description = "a file holding the password for --neo4j-uri (user neo4j "
            + "unless NEO4J_USER says otherwise), e.g. a running server's DATA_DIR/neo4j-password")
    Path neo4jPasswordFile;

    Config config() {
        return configured(() -> {
            Config c = Config.load();
            if (neo4jUri != null) {
                c = c.withNeo4jUri(neo4jUri);
            }
            if (neo4jPasswordFile != null) {
                c = c.withNeo4jPasswordFile(neo4jPasswordFile);
            }
            if (dataDir != null) {
                c = c.withDataDir(dataDir.toAbsolutePath().normalize());
            }
            if (boltPort != null) {
                c = c.withBoltPort(boltPort);
            }
            return c;
        });
    }

    /** A setting that cannot be read is a configuration error (its own exit status), not bad input to a command. */
    static Config configured(Supplier<Config> read) {
        return Configs.configured(read);
    }

    /** Opens the graph (embedded or NEO4J_URI) and the indexes; the caller closes it. */
    StrokeKg open() {
        StrokeKg kg = StrokeKg.open(config(), new Readiness());
        announcePassword(kg, new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8));
        return kg;
    }

    /** Once, when the embedded graph's password was just made: where it is, for Neo4j Browser and cypher-shell. */
    static void announcePassword(StrokeKg kg, PrintWriter out) {
        kg.graphPassword().filter(p -> p.generated()).ifPresent(p -> {
            out.println("strokekg: the embedded graph now needs a password (Neo4j Browser, cypher-shell): bolt://127.0.0.1:"
                    + kg.config().boltPort() + ", user " + p.user() + ", password " + p.password());
            out.println("strokekg: shown once; it is kept in " + p.file() + " (readable by you only)");
            out.flush();
        });
    }
}
