package org.strokekg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Record;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.cli.CliRunner;
import org.strokekg.graph.BatchInfo;
import org.strokekg.graph.GraphStats;
import org.strokekg.graph.GraphStore;
import org.strokekg.server.Readiness;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;
import org.strokekg.testing.TestGraph;

/**
 * The whole knowledge round-trips: the seed plus curated batches (an unreviewed load, a merge, a review and a
 * retraction) backed up online from the running server, restored by {@code strokekg restore} into an empty data
 * directory, and compared — counts by label and type, a sample of facts with their provenance and trust, the counts by
 * trust level, the batch list with the decisions' reasons, the audit trail — and undo still works on the restored
 * graph (the retraction, the review, the merge, the load), as does search.
 */
class BackupRestoreTest {

    private static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};
    private static final String COUNT_LABELS = "MATCH (n) UNWIND labels(n) AS l RETURN l AS k, count(*) AS n";
    private static final String COUNT_TYPES = "MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n";
    private static final String FACTS = """
            MATCH (a:Entity)-[r]->(b:Entity) WHERE r.id IS NOT NULL
            RETURN r.id AS id, a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY r.id""";

    @TempDir
    Path dir;

    @Test
    void theSeedAndCuratedBatchesRoundTrip() throws Exception {
        Http http = new Http(TestApp.baseUrl());
        Map<String, Long> before = counts(TestGraph.store(), COUNT_TYPES);
        String csv = "subject,subject_type,predicate,object,object_type,source\n"
                + "脑卒中,Disease,HAS_SYMPTOM,备份测试症状甲,Symptom,backup test\n"
                + "脑卒中,Disease,HAS_SYMPTOM,备份测试症状乙,Symptom,backup test\n"
                + "备份测试症状甲,Symptom,WARNING_SIGN_OF,脑卒中,Disease,backup test\n";
        Http.Response loaded = http.post("/api/v1/batches?format=csv&name=backup.csv&trust=unreviewed", "text/csv", csv,
                CURATOR);
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(201);
        String batch = loaded.json().get("batchId").asText();
        String a = http.get("/api/v1/entities?q=" + Http.q("备份测试症状甲")).json().get("entities").get(0).get("id").asText();
        String b = http.get("/api/v1/entities?q=" + Http.q("备份测试症状乙")).json().get("entities").get(0).get("id").asText();
        Http.Response merged = http.postJson("/api/v1/entities/" + a + "/merge", "{\"from\":\"" + b + "\"}", CURATOR);
        assertThat(merged.status()).isEqualTo(201);
        String mergeBatch = merged.json().get("batchId").asText();
        // a curator reviews one of the batch's facts and retracts another, with a reason
        String warning = relation(TestGraph.store(), a, "WARNING_SIGN_OF");
        String symptom = relation(TestGraph.store(), "stroke", "HAS_SYMPTOM", a);
        Http.Response review = http.postJson("/api/v1/reviews", "{\"ids\":[\"" + warning + "\"],\"reason\":\"checked\"}",
                CURATOR);
        assertThat(review.status()).as(review.body()).isEqualTo(201);
        String reviewBatch = review.json().get("batchId").asText();
        Http.Response retraction = http.postJson("/api/v1/retractions", "{\"ids\":[\"" + symptom
                + "\"],\"reason\":\"wrong\"}", CURATOR);
        assertThat(retraction.status()).as(retraction.body()).isEqualTo(201);
        String retractionBatch = retraction.json().get("batchId").asText();

        Path archive = dir.resolve("strokekg-backup.zip");
        try {
            // online, from the running server, as strokekg backup does beside it
            HttpResponse<Path> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(TestApp.baseUrl() + "/api/v1/backup")).header(CURATOR[0], CURATOR[1]).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(archive));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/zip");
            assertThat(http.get("/api/v1/backup", "Authorization", Http.bearer(TestApp.READER_KEY)).status())
                    .isEqualTo(403);
            GraphStore source = TestGraph.store();
            Map<String, Long> labels = counts(source, COUNT_LABELS);
            Map<String, Long> types = counts(source, COUNT_TYPES);
            Map<String, Map<String, Object>> facts = facts(source);
            List<BatchInfo> batches = TestApp.app().curation().batches(10_000);
            GraphStats stats = TestApp.app().graph().stats();
            assertThat(stats.retracted().values().stream().mapToLong(Long::longValue).sum()).isPositive();
            Backup.Summary manifest = Backup.manifest(archive);
            assertThat(manifest.labels()).isEqualTo(labels);
            assertThat(manifest.types()).isEqualTo(types);

            Path data = dir.resolve("restored");
            CliRunner.Run restore = CliRunner.run("restore", archive.toString(), "--data-dir=" + data,
                    "--bolt-port=" + TestGraph.freePort());
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertThat(restore.out()).contains("restored " + String.format("%,d", manifest.nodes()) + " nodes");

            Config config = Config.fromEnvironment(Map.of("STROKEKG_DATA_DIR", data.toString(),
                    "STROKEKG_BOLT_PORT", Integer.toString(TestGraph.freePort())));
            try (StrokeKg restored = StrokeKg.open(config, new Readiness())) {
                GraphStore target = restored.store();
                assertThat(counts(target, COUNT_LABELS)).isEqualTo(labels);
                assertThat(counts(target, COUNT_TYPES)).isEqualTo(types);
                Map<String, Map<String, Object>> after = facts(target);
                assertThat(after.keySet()).isEqualTo(facts.keySet());
                int step = Math.max(1, facts.size() / 200); // every 200th fact, its ends, type and every property
                List<String> ids = List.copyOf(facts.keySet());
                for (int i = 0; i < ids.size(); i += step) {
                    assertThat(after.get(ids.get(i))).as(ids.get(i)).isEqualTo(facts.get(ids.get(i)));
                }
                // trust, reviews and retractions: each fact's level and the decisions' lists, and the counts by level
                assertThat(after.get(warning)).isEqualTo(facts.get(warning));
                assertThat(after.get(warning)).containsEntry("trust", "reviewed").containsKey("reviewedBy");
                assertThat(after.get(symptom)).isEqualTo(facts.get(symptom)).containsKey("retractedBy");
                assertThat(restored.graph().stats()).isEqualTo(stats);
                assertThat(restored.curation().batches(10_000)).isEqualTo(batches);
                assertThat(batches).anySatisfy(x -> assertThat(x.reason()).contains("wrong"));
                assertThat(restored.curation().audit(1000, java.util.Optional.empty(), java.util.Optional.empty()))
                        .isEqualTo(TestApp.app().curation().audit(1000, java.util.Optional.empty(),
                                java.util.Optional.empty()));
                assertThat(restored.entityIndex().count()).isEqualTo(TestApp.app().entityIndex().count());
                assertThat(restored.passageIndex().count()).isEqualTo(TestApp.app().passageIndex().count());

                // undo still works on the restored graph: the retraction, the review, the merge, then the load
                restored.curation().undo(retractionBatch, "restore-test");
                assertThat(facts(target).get(symptom)).doesNotContainKey("retractedBy");
                restored.curation().undo(reviewBatch, "restore-test");
                assertThat(facts(target).get(warning)).containsEntry("trust", "unreviewed");
                restored.curation().undo(mergeBatch, "restore-test");
                assertThat(restored.graph().entity(b)).isPresent();
                restored.curation().undo(batch, "restore-test");
                assertThat(restored.graph().entity(a)).isEmpty();
                assertThat(counts(target, COUNT_TYPES).get("HAS_SYMPTOM")).isEqualTo(before.get("HAS_SYMPTOM"));
                assertThat(counts(target, COUNT_TYPES).get("WARNING_SIGN_OF")).isEqualTo(before.get("WARNING_SIGN_OF"));
                // and a restore refuses a graph that holds anything
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Backup.restore(archive, target, s -> { })))
                        .hasMessageContaining("not empty");
            }
        } finally {
            http.delete("/api/v1/batches/" + retractionBatch, CURATOR);
            http.delete("/api/v1/batches/" + reviewBatch, CURATOR);
            http.delete("/api/v1/batches/" + mergeBatch, CURATOR);
            http.delete("/api/v1/batches/" + batch, CURATOR);
        }
    }

    @Test
    void aFileThatIsNoBackupIsRefused() throws Exception {
        Path notZip = dir.resolve("x.zip");
        Files.writeString(notZip, "not a zip");
        CliRunner.Run r = CliRunner.run("restore", notZip.toString(), "--data-dir=" + dir.resolve("d"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not a readable StrokeKG backup");
    }

    /** The id of the relation of {@code type} from entity {@code from} (to {@code to}, when given). */
    private static String relation(GraphStore store, String from, String type, String... to) {
        return store.read(tx -> tx.run("MATCH (a:Entity {id: $from})-[r]->(b:Entity) WHERE type(r) = $type "
                + "AND (size($to) = 0 OR b.id IN $to) RETURN r.id AS id", Map.of("from", from, "type", type,
                "to", List.of(to))).single().get("id").asString());
    }

    private static Map<String, Long> counts(GraphStore store, String query) {
        return store.read(tx -> {
            Map<String, Long> m = new TreeMap<>();
            tx.run(query).forEachRemaining(r -> m.put(r.get("k").asString(), r.get("n").asLong()));
            return m;
        });
    }

    private static Map<String, Map<String, Object>> facts(GraphStore store) {
        return store.read(tx -> {
            Map<String, Map<String, Object>> m = new TreeMap<>();
            for (Record r : tx.run(FACTS).list()) {
                Map<String, Object> f = new HashMap<>(r.get("p").asMap());
                f.put("_ends", r.get("a").asString() + " " + r.get("t").asString() + " " + r.get("b").asString());
                m.put(r.get("id").asString(), f);
            }
            return m;
        });
    }

}
