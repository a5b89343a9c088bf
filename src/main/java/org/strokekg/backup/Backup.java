package org.strokekg.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.strokekg.error.ConflictException;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.GraphStore;

/**
 * One portable archive of the whole graph: a zip of {@value #NODES} (one JSON object a line: an archive-local
 * {@code ref}, the labels, every property), {@value #RELATIONSHIPS} ({@code from} and {@code to} refs, the type, every
 * property) and {@value #MANIFEST} (format, version, when, counts by label and type), written last since it counts what
 * went before. Nothing in it depends on Neo4j's internal ids or its store format, so it restores into any Neo4j this
 * server runs on. Restore refuses a graph that holds anything.
 * <p>
 * A backup reads everything in one transaction; the caller keeps curator writes out meanwhile (the server holds its
 * write lock), so no batch is half in it.
 */
public final class Backup {

    public static final String FORMAT = "strokekg-backup";
    public static final int VERSION = 1;
    static final String NODES = "nodes.jsonl";
    static final String RELATIONSHIPS = "relationships.jsonl";
    static final String MANIFEST = "manifest.json";
    private static final int CHUNK = 2_000;
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ALL_NODES = "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, "
            + "properties(n) AS props";
    private static final String ALL_RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN elementId(a) AS from, "
            + "elementId(b) AS to, type(r) AS type, properties(r) AS props";
    private static final String COUNT = "MATCH (n) RETURN count(n) AS n";
    private static final String CREATE_NODES = """
            UNWIND $rows AS row
            CREATE (n)
            SET n:$(row.labels)
            SET n += row.props
            RETURN row.ref AS ref, elementId(n) AS id""";
    private static final String CREATE_RELATIONSHIPS = """
            UNWIND $rows AS row
            MATCH (a) WHERE elementId(a) = row.from
            MATCH (b) WHERE elementId(b) = row.to
            CREATE (a)-[r:$(row.type)]->(b)
            SET r += row.props
            RETURN count(r) AS n""";

    /** What an archive holds. */
    public record Summary(String format, int version, Instant createdAt, long nodes, long relationships,
                          Map<String, Long> labels, Map<String, Long> types) {
        public Summary {
            labels = Map.copyOf(labels);
            types = Map.copyOf(types);
        }
    }

    private Backup() {
    }

    /** Writes the archive of everything in {@code store} to {@code out} (which it finishes but does not close). */
    public static Summary write(GraphStore store, OutputStream out) {
        int[] tries = {0};
        return store.read(tx -> {
            if (tries[0]++ > 0) {
                // the driver retries a read that failed transiently: the half-written archive cannot be taken back
                throw new IllegalStateException("the graph failed during the backup; the archive is incomplete");
            }
            try {
                ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
                Map<String, Long> refs = new HashMap<>();
                Map<String, Long> labels = new TreeMap<>();
                Map<String, Long> types = new TreeMap<>();
                zip.putNextEntry(new ZipEntry(NODES));
                JsonGenerator g = JSON_FACTORY.createGenerator(zip).configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                Result nodes = tx.run(ALL_NODES);
                while (nodes.hasNext()) {
                    Record r = nodes.next();
                    long ref = refs.size();
                    refs.put(r.get("id").asString(), ref);
                    g.writeStartObject();
                    g.writeNumberField("ref", ref);
                    g.writeArrayFieldStart("labels");
                    for (String l : r.get("labels").asList(v -> v.asString())) {
                        g.writeString(l);
                        labels.merge(l, 1L, Long::sum);
                    }
                    g.writeEndArray();
                    props(g, r.get("props").asMap());
                    g.writeEndObject();
                    g.writeRaw('\n');
                }
                g.flush();
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(RELATIONSHIPS));
                g = JSON_FACTORY.createGenerator(zip).configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                long relationships = 0;
                Result rels = tx.run(ALL_RELATIONSHIPS);
                while (rels.hasNext()) {
                    Record r = rels.next();
                    Long from = refs.get(r.get("from").asString());
                    Long to = refs.get(r.get("to").asString());
                    if (from == null || to == null) {
                        throw new IllegalStateException("a relationship's node appeared during the backup");
                    }
                    g.writeStartObject();
                    g.writeNumberField("from", from);
                    g.writeNumberField("to", to);
                    g.writeStringField("type", r.get("type").asString());
                    types.merge(r.get("type").asString(), 1L, Long::sum);
                    props(g, r.get("props").asMap());
                    g.writeEndObject();
                    g.writeRaw('\n');
                    relationships++;
                }
                g.flush();
                zip.closeEntry();
                Summary s = new Summary(FORMAT, VERSION, Instant.now(), refs.size(), relationships, labels, types);
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest(s)));
                zip.closeEntry();
                zip.finish();
                return s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void props(JsonGenerator g, Map<String, Object> props) throws IOException {
        g.writeObjectFieldStart("props");
        for (Map.Entry<String, Object> p : new TreeMap<>(props).entrySet()) {
            g.writeFieldName(p.getKey());
            TypedValues.write(g, p.getKey(), p.getValue());
        }
        g.writeEndObject();
    }

    private static Map<String, Object> manifest(Summary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", s.format());
        m.put("version", s.version());
        m.put("createdAt", s.createdAt().toString());
        m.put("nodes", s.nodes());
        m.put("relationships", s.relationships());
        m.put("labels", s.labels());
        m.put("types", s.types());
        return m;
    }

    /** The archive's manifest; an archive that is not one of ours, or of a later version, is refused. */
    public static Summary manifest(Path archive) {
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            return manifest(zip, archive);
        } catch (IOException e) {
            throw new InvalidInputException(archive.toString(), "not a readable StrokeKG backup: " + e.getMessage(), e);
        }
    }

    private static Summary manifest(ZipFile zip, Path archive) throws IOException {
        ZipEntry e = zip.getEntry(MANIFEST);
        if (e == null || zip.getEntry(NODES) == null || zip.getEntry(RELATIONSHIPS) == null) {
            throw new InvalidInputException(archive.toString(), "not a StrokeKG backup (no " + MANIFEST + ", " + NODES
                    + " or " + RELATIONSHIPS + ")");
        }
        JsonNode m = JSON.readTree(zip.getInputStream(e));
        if (!FORMAT.equals(m.path("format").asText()) || m.path("version").asInt() < 1) {
            throw new InvalidInputException(archive.toString(), "not a StrokeKG backup");
        }
        if (m.path("version").asInt() > VERSION) {
            throw new InvalidInputException(archive.toString(), "a backup of format version " + m.path("version").asInt()
                    + "; this StrokeKG reads up to " + VERSION);
        }
        Map<String, Long> labels = new TreeMap<>();
        m.path("labels").properties().forEach(p -> labels.put(p.getKey(), p.getValue().asLong()));
        Map<String, Long> types = new TreeMap<>();
        m.path("types").properties().forEach(p -> types.put(p.getKey(), p.getValue().asLong()));
        return new Summary(FORMAT, m.path("version").asInt(), Instant.parse(m.path("createdAt").asText()),
                m.path("nodes").asLong(), m.path("relationships").asLong(), labels, types);
    }

    /** How many nodes the graph holds (a restore needs none). */
    public static long nodes(GraphStore store) {
        return store.read(tx -> tx.run(COUNT).single().get("n").asLong());
    }

    /**
     * Writes the archive into {@code store}, which must hold no node; {@code progress} hears a line now and then.
     * The counts written must be the manifest's, or the restore fails.
     */
    public static Summary restore(Path archive, GraphStore store, Consumer<String> progress) {
        if (nodes(store) > 0) {
            throw new ConflictException("the graph is not empty (" + nodes(store) + " nodes): restore needs an empty "
                    + "data directory or an empty Neo4j database");
        }
        try (ZipFile zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8)) {
            Summary s = manifest(zip, archive);
            Map<Long, String> ids = new HashMap<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            long[] done = {0};
            lines(zip, NODES, archive, (n, where) -> {
                Map<String, Object> row = new HashMap<>();
                row.put("ref", n.path("ref").asLong());
                row.put("labels", TypedValues.read(n.path("labels"), where));
                row.put("props", props(n.path("props"), where));
                rows.add(row);
                if (rows.size() == CHUNK) {
                    createNodes(store, rows, ids);
                    done[0] += CHUNK;
                    progress.accept("restore: " + done[0] + " of " + s.nodes() + " nodes");
                }
            });
            createNodes(store, rows, ids);
            long[] rels = {0};
            lines(zip, RELATIONSHIPS, archive, (r, where) -> {
                Map<String, Object> row = new HashMap<>();
                row.put("from", ref(ids, r.path("from").asLong(), where));
                row.put("to", ref(ids, r.path("to").asLong(), where));
                row.put("type", r.path("type").asText());
                row.put("props", props(r.path("props"), where));
                rows.add(row);
                if (rows.size() == CHUNK) {
                    rels[0] += createRelationships(store, rows);
                    progress.accept("restore: " + rels[0] + " of " + s.relationships() + " relationships");
                }
            });
            rels[0] += createRelationships(store, rows);
            if (ids.size() != s.nodes() || rels[0] != s.relationships()) {
                throw new InvalidInputException(archive.toString(), "the archive holds " + ids.size() + " nodes and "
                        + rels[0] + " relationships, its manifest " + s.nodes() + " and " + s.relationships());
            }
            return s;
        } catch (IOException e) {
            throw new InvalidInputException(archive.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    private interface LineHandler {
        void line(JsonNode n, String where) throws IOException;
    }

    private static void lines(ZipFile zip, String entry, Path archive, LineHandler handler) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(zip.getInputStream(zip.getEntry(entry)),
                StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    handler.line(JSON.readTree(line), archive.getFileName() + ": " + entry + ":" + number);
                }
            }
        }
    }

    private static String ref(Map<Long, String> ids, long ref, String where) {
        String id = ids.get(ref);
        if (id == null) {
            throw new InvalidInputException(where, "refers to node " + ref + ", which the archive does not hold");
        }
        return id;
    }

    private static Map<String, Object> props(JsonNode props, String where) {
        Map<String, Object> out = new HashMap<>();
        props.properties().forEach(p -> out.put(p.getKey(), TypedValues.read(p.getValue(), where)));
        return out;
    }

    private static void createNodes(GraphStore store, List<Map<String, Object>> rows, Map<Long, String> ids) {
        if (rows.isEmpty()) {
            return;
        }
        List<Map<String, Object>> chunk = List.copyOf(rows);
        rows.clear();
        Map<Long, String> made = store.write(tx -> {
            Map<Long, String> m = new HashMap<>();
            tx.run(CREATE_NODES, Map.of("rows", chunk)).forEachRemaining(r -> m.put(r.get("ref").asLong(),
                    r.get("id").asString()));
            return m;
        });
        ids.putAll(made);
    }

    private static long createRelationships(GraphStore store, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        List<Map<String, Object>> chunk = List.copyOf(rows);
        rows.clear();
        return store.write(tx -> tx.run(CREATE_RELATIONSHIPS, Map.of("rows", chunk)).single().get("n").asLong());
    }
}
