package org.strokekg.graph;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.StartupException;

/**
 * Neo4j Community started in this process with Bolt on a loopback address. Nothing in StrokeKG talks to it except
 * through Bolt (see {@link GraphStore}), so the same code runs against an external server or a cluster.
 * <p>
 * Nothing on the host reaches the graph without a credential: auth is on, with the password of {@link GraphPassword}
 * (the user {@code neo4j}); {@code LOAD CSV} may not read local files; the HTTP connectors are off. Bolt also answers
 * WebSocket handshakes on its port, from any Origin (Neo4j has no setting to refuse them), so a web page could open
 * one: what protects the graph there is the same password, which a page cannot know. On the first start of a data
 * directory the password is set while Bolt is still closed, so there is no moment when Neo4j's default password works.
 */
public final class GraphServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GraphServer.class);
    /** Sets the password; "the same as before" is a failure Neo4j reports, which here means nothing to do. */
    private static final String SET_PASSWORD = "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED";

    /** Where and how to start the embedded server. */
    public record Options(Path dataDir, String boltHost, int boltPort, long pageCacheBytes) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(boltHost, "boltHost");
            if (boltPort < 1 || boltPort > 65535) {
                throw new StartupException(StartupException.Kind.CONFIG,
                        "STROKEKG_BOLT_PORT: must be between 1 and 65535, got " + boltPort);
            }
            if (!isLoopback(boltHost)) {
                throw new StartupException(StartupException.Kind.CONFIG, "STROKEKG_BOLT_HOST=" + boltHost
                        + ": the embedded graph's Bolt only listens on a loopback address");
            }
        }

        private static boolean isLoopback(String host) {
            return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
        }
    }

    private final DatabaseManagementService dbms;
    private final URI boltUri;
    private final GraphPassword password;

    private GraphServer(DatabaseManagementService dbms, URI boltUri, GraphPassword password) {
        this.dbms = dbms;
        this.boltUri = boltUri;
        this.password = password;
    }

    public static GraphServer start(Options options) {
        long t0 = System.nanoTime();
        Path home = options.dataDir().resolve("neo4j").toAbsolutePath().normalize();
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.DATA_DIR, "cannot create " + home + ": " + e.getMessage(), e);
        }
        refuseTakenPort(options);
        GraphPassword password = GraphPassword.inDataDir(options.dataDir());
        if (password.generated()) {
            // Bolt closed while the new password goes in: Neo4j's default (neo4j/neo4j) never answers on the port
            DatabaseManagementService closed = build(home, options, false);
            try {
                setPassword(closed, password);
            } finally {
                closed.shutdown();
            }
        }
        DatabaseManagementService dbms = build(home, options, true);
        try {
            if (!password.generated()) {
                setPassword(dbms, password); // the file is the truth, whatever was set by hand since
            }
        } catch (RuntimeException e) {
            dbms.shutdown();
            throw e;
        }
        URI uri = URI.create("bolt://" + options.boltHost() + ":" + options.boltPort());
        log.info("embedded Neo4j started in {} ms, data {}, Bolt {} (auth on, user neo4j, password in {})",
                (System.nanoTime() - t0) / 1_000_000, home, uri, password.file());
        return new GraphServer(dbms, uri, password);
    }

    /** The embedded page cache's size and the part of it holding pages, in bytes. */
    public record PageCacheUse(long totalBytes, long usedBytes) {
    }

    /**
     * How full the page cache is now, read from Neo4j's own page cache (an internal API: empty if this Neo4j version
     * no longer offers it, so metrics lose one gauge rather than the server its start).
     */
    public Optional<PageCacheUse> pageCache() {
        try {
            var db = (org.neo4j.kernel.internal.GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            var cache = db.getDependencyResolver().resolveDependency(org.neo4j.io.pagecache.PageCache.class);
            long page = cache.pageSize();
            return Optional.of(new PageCacheUse(cache.maxCachedPages() * page,
                    (cache.maxCachedPages() - cache.freePages()) * page));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static DatabaseManagementService build(Path home, Options options, boolean bolt) {
        try {
            return new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, bolt)
                    .setConfig(BoltConnector.listen_address, new SocketAddress(options.boltHost(), options.boltPort()))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress(options.boltHost(), options.boltPort()))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    // no lock-out after failed log-ons: the 192-bit password cannot be guessed, while a lock-out would let
                    // any local process shut StrokeKG's own new connections out by failing three times every 5 s
                    .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                    // LOAD CSV FROM 'file:///…' would read any file this process can
                    .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                    // the product promises no outbound calls: no usage data
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes())
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "keep_none")
                    .build();
        } catch (RuntimeException e) {
            throw failure(home, e);
        }
    }

    private static void setPassword(DatabaseManagementService dbms, GraphPassword password) {
        try {
            // an embedded transaction runs with full rights: the one place the password is set
            dbms.database("system").executeTransactionally(SET_PASSWORD, Map.of("password", password.password()));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw new StartupException(StartupException.Kind.GRAPH, "cannot set the graph password: "
                        + e.getMessage(), e);
            }
        }
    }

    /** Neo4j finds a taken port only after its whole start (tens of seconds): look first. */
    private static void refuseTakenPort(Options options) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(options.boltHost()), options.boltPort()));
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.PORT, "the graph's Bolt port " + options.boltHost() + ":"
                    + options.boltPort() + " is in use (STROKEKG_BOLT_PORT; another StrokeKG or Neo4j?)", e);
        }
    }

    /** One line naming the cause: a data directory another process holds, or the graph's own failure. */
    private static StartupException failure(Path home, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("FileLockException") || name.equals("StoreLockException")) {
                return new StartupException(StartupException.Kind.DATA_DIR, "the graph in " + home
                        + " is in use by another process (a running StrokeKG server or Neo4j?)", e);
            }
            if (t instanceof java.net.BindException) {
                return new StartupException(StartupException.Kind.PORT, "the graph's Bolt port is in use: "
                        + t.getMessage(), e);
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new StartupException(StartupException.Kind.GRAPH, "the embedded graph did not start: "
                + Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName()), e);
    }

    public URI boltUri() {
        return boltUri;
    }

    /** The credential every Bolt client needs: the password file's user and password. */
    public GraphPassword password() {
        return password;
    }

    @Override
    public void close() {
        // its threads are not daemons: without this the JVM never exits
        dbms.shutdown();
        log.info("embedded Neo4j stopped");
    }
}
