package org.strokekg.graph;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.NonRetriableException;

/**
 * Neo4j Community started in this process with Bolt on a loopback address. Nothing in StrokeKG talks to it except
 * through Bolt (see {@link GraphStore}), so the same code runs against an external server or a cluster.
 * Auth is off because Bolt only listens on 127.0.0.1 by default; {@link Options} refuses a non-loopback host
 * without auth rather than open the graph to the network.
 */
public final class GraphServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GraphServer.class);

    /** Where and how to start the embedded server. */
    public record Options(Path dataDir, String boltHost, int boltPort, long pageCacheBytes) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(boltHost, "boltHost");
            if (boltPort < 0 || boltPort > 65535) {
                throw new IllegalArgumentException("boltPort out of range: " + boltPort);
            }
            if (!isLoopback(boltHost)) {
                throw new NonRetriableException("STROKEKG_BOLT_HOST=" + boltHost
                        + ": the embedded graph runs without auth, so Bolt only listens on a loopback address");
            }
        }

        private static boolean isLoopback(String host) {
            return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
        }
    }

    private final DatabaseManagementService dbms;
    private final URI boltUri;

    private GraphServer(DatabaseManagementService dbms, URI boltUri) {
        this.dbms = dbms;
        this.boltUri = boltUri;
    }

    public static GraphServer start(Options options) {
        long t0 = System.nanoTime();
        Path home = options.dataDir().resolve("neo4j").toAbsolutePath().normalize();
        try {
            Files.createDirectories(home);
        } catch (java.io.IOException e) {
            throw new NonRetriableException("cannot create " + home, e);
        }
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(options.boltHost(), options.boltPort()))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(options.boltHost(), options.boltPort()))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // the product promises no outbound calls: no usage data
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes())
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "keep_none")
                .build();
        int port = options.boltPort();
        URI uri = URI.create("bolt://" + options.boltHost() + ":" + port);
        log.info("embedded Neo4j started in {} ms, data {}, Bolt {}", (System.nanoTime() - t0) / 1_000_000, home, uri);
        return new GraphServer(dbms, uri);
    }

    public URI boltUri() {
        return boltUri;
    }

    @Override
    public void close() {
        // its threads are not daemons: without this the JVM never exits
        dbms.shutdown();
        log.info("embedded Neo4j stopped");
    }
}
