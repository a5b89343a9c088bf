package org.strokekg.graph;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionCallback;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.NonRetriableException;
import org.strokekg.error.RetriableException;

/**
 * The one way into the graph: a Neo4j driver and the database to use. Reads go through {@code executeRead} so that a
 * {@code neo4j://} routing driver sends them to readers; writes through {@code executeWrite}. Owns the driver.
 */
public final class GraphStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GraphStore.class);
    private static final String SCHEMA_RESOURCE = "strokekg/graph-schema/schema.cypher";
    /** How often {@link #generation} looks at the graph's counts for another process's writes. */
    static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Both from Neo4j's count store: constant time whatever the graph's size. */
    private static final String COUNTS = """
            CALL () { MATCH (n) RETURN count(n) AS nodes }
            CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
            RETURN nodes, relationships
            """;

    /** How to reach Neo4j; user empty = no auth (an external server without it). */
    public record Connection(URI uri, String user, String password, String database) {
        @Override
        public String toString() {
            return "Connection[" + uri + ", " + user + ", " + database + "]"; // never the password
        }

        public Connection {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(database, "database");
        }
    }

    private final Driver driver;
    private final String database;
    private final URI uri;
    /**
     * Counts write transactions, so that read caches know when what they hold may be stale; also moved on when the
     * graph's node or relationship count changes under another process (see {@link #generation}).
     */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong probedAt = new AtomicLong(System.nanoTime() - PROBE_NANOS);
    private final java.util.concurrent.atomic.AtomicReference<List<Long>> counts =
            new java.util.concurrent.atomic.AtomicReference<>(List.of());

    private GraphStore(Driver driver, String database, URI uri) {
        this.driver = driver;
        this.database = database;
        this.uri = uri;
    }

    public static GraphStore connect(Connection c) {
        AuthToken auth = c.user().isEmpty() ? AuthTokens.none() : AuthTokens.basic(c.user(), c.password());
        Config config = Config.builder()
                .withMaxConnectionPoolSize(64)
                .withConnectionAcquisitionTimeout(30, TimeUnit.SECONDS)
                // an address nobody answers fails the start in seconds, not the driver's default half-minute
                .withConnectionTimeout(10, TimeUnit.SECONDS)
                .withMaxTransactionRetryTime(15, TimeUnit.SECONDS)
                .withoutEncryption()
                .build();
        Driver driver = GraphDatabase.driver(c.uri(), auth, config);
        try {
            driver.verifyConnectivity();
        } catch (org.neo4j.driver.exceptions.AuthenticationException e) {
            driver.close();
            throw new NonRetriableException("Neo4j at " + c.uri() + " refused the credentials of user '" + c.user()
                    + "' (NEO4J_USER, NEO4J_PASSWORD or NEO4J_PASSWORD_FILE)", e);
        } catch (RuntimeException e) {
            driver.close();
            throw new RetriableException("cannot reach Neo4j at " + c.uri() + ": " + e.getMessage(), e);
        }
        log.info("connected to Neo4j at {} (database {})", c.uri(), c.database());
        return new GraphStore(driver, c.database(), c.uri());
    }

    public URI uri() {
        return uri;
    }

    public <T> T read(TransactionCallback<T> work) {
        try (Session session = session()) {
            return session.executeRead(work);
        } catch (ServiceUnavailableException | SessionExpiredException | TransientException e) {
            throw new RetriableException("graph unavailable: " + e.getMessage(), e);
        }
    }

    public <T> T write(TransactionCallback<T> work) {
        generation.incrementAndGet(); // before too: a read that overlaps the write must not be cached as current
        try (Session session = session()) {
            return session.executeWrite(work);
        } catch (ServiceUnavailableException | SessionExpiredException | TransientException e) {
            throw new RetriableException("graph unavailable: " + e.getMessage(), e);
        } finally {
            generation.incrementAndGet();
        }
    }

    /**
     * Changes whenever this process writes to the graph, and within a second or so of another process's write that
     * changes the number of nodes or relationships: every batch, merge and undo does (a batch adds its node, an undo
     * removes it), so other StrokeKG servers on a shared Neo4j are seen. At most once a second a call starts a read of
     * the two counts (one round trip, constant time) in the background; an edit that changes neither (a property set
     * by hand in cypher-shell) is left to the read caches' time limit.
     */
    public long generation() {
        long now = System.nanoTime();
        long last = probedAt.get();
        if (now - last >= PROBE_NANOS && probedAt.compareAndSet(last, now)) {
            // on a thread of its own: the caller never waits for it (a caller may be on the driver's network thread,
            // where a blocking read would wait for itself)
            Thread.ofVirtual().name("graph-count-probe").start(this::probe);
        }
        return generation.get();
    }

    private void probe() {
        try {
            List<Long> now = read(tx -> {
                Record r = tx.run(COUNTS).single();
                return List.of(r.get("nodes").asLong(), r.get("relationships").asLong());
            });
            List<Long> before = counts.getAndSet(now);
            if (!before.isEmpty() && !before.equals(now)) {
                generation.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // the read that follows will meet the same trouble and report it; the caches' time limit still holds
            log.debug("graph count probe failed: {}", e.toString());
        }
    }

    private Session session() {
        return driver.session(SessionConfig.forDatabase(database));
    }

    /** Applies {@code graph-schema/schema.cypher}; every statement there is idempotent ({@code IF NOT EXISTS}). */
    public int applySchema() {
        List<String> statements = schemaStatements();
        try (Session session = session()) {
            for (String statement : statements) {
                // schema statements cannot share a transaction with each other: one auto-commit each
                session.run(statement).consume();
            }
            session.run("CALL db.awaitIndexes(300)").consume();
        }
        log.info("graph schema applied ({} statements)", statements.size());
        return statements.size();
    }

    /** The schema file's statements, one per element (also run by the ingest benchmark into a database of its own). */
    public static List<String> schemaStatements() {
        String text;
        try (InputStream in = GraphStore.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new NonRetriableException("missing classpath resource " + SCHEMA_RESOURCE);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NonRetriableException("cannot read " + SCHEMA_RESOURCE, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("//") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String s = current.toString().strip();
                statements.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return List.copyOf(statements);
    }

    @Override
    public void close() {
        driver.close();
    }
}
