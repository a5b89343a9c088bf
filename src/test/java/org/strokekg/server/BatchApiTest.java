package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/** Curator routes over real HTTP: auth on every write route, upload, dry run, 422 with line numbers, undo. */
class BatchApiTest {

    static Http http;
    static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};

    @BeforeAll
    static void server() {
        http = new Http(TestApp.baseUrl());
    }

    @Test
    void everyBatchRouteRefusesMissingUnknownAndReaderKeys() {
        String csv = "subject,subject_type,predicate,object,object_type,source\n脑卒中,Disease,HAS_SYMPTOM,测试鉴权,Symptom,s\n";
        List<String[]> refused = List.of(new String[0], new String[] {"Authorization", "Bearer wrong-key-123"},
                new String[] {"Authorization", "Basic dXNlcjpwYXNz"});
        for (String[] auth : refused) {
            assertThat(http.post("/api/v1/batches?format=csv", "text/csv", csv, auth).status()).isEqualTo(401);
            assertThat(http.get("/api/v1/batches", auth).status()).isEqualTo(401);
            assertThat(http.get("/api/v1/batches/b-x", auth).status()).isEqualTo(401);
            assertThat(http.delete("/api/v1/batches/b-x", auth).status()).isEqualTo(401);
        }
        String[] reader = {"Authorization", Http.bearer(TestApp.READER_KEY)};
        Http.Response forbidden = http.post("/api/v1/batches?format=csv", "text/csv", csv, reader);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("detail").asText()).contains("curator");
        assertThat(http.delete("/api/v1/batches/b-x", reader).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/entities?q=" + Http.q("测试鉴权")).json().get("entities").size()).isZero();
    }

    @Test
    void noKeysConfiguredRefusesEveryWrite() {
        var services = TestApp.app().serverServices();
        var open = new org.strokekg.server.ServerServices(services.graph(), services.finder(), services.vocabulary(),
                List.of(), services.curation(), services.answers(), false, services.vectors(), services.uploadDir(),
                services.operations());
        var readiness = new Readiness();
        readiness.ready();
        var app = HttpApp.create(readiness, java.util.concurrent.CompletableFuture.completedFuture(open))
                .start("127.0.0.1", 0);
        try {
            Http h = new Http("http://127.0.0.1:" + app.port());
            Http.Response r = h.post("/api/v1/batches?format=csv", "text/csv", "x", CURATOR);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("detail").asText()).contains("STROKEKG_API_KEYS");
            assertThat(h.get("/api/v1/stats").status()).isEqualTo(200);
        } finally {
            app.stop();
        }
    }

    @Test
    void uploadShowsResolutionsCommitsListsAndUndoes() {
        String csv = "subject,subject_type,predicate,object,object_type,source\n"
                + "腦梗死,Disease,HAS_SYMPTOM,测试上传症状,Symptom,upload test\n";
        Http.Response dry = http.upload("/api/v1/batches?dryRun=true", "up.csv", csv.getBytes(StandardCharsets.UTF_8), CURATOR);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().get("status").asText()).isEqualTo("dry-run");
        assertThat(dry.json().get("resolutions").toString()).contains("ischemic-stroke").contains("\"new\"");

        Http.Response committed = http.upload("/api/v1/batches", "up.csv", csv.getBytes(StandardCharsets.UTF_8), CURATOR);
        assertThat(committed.status()).isEqualTo(201);
        String id = committed.json().get("batchId").asText();
        assertThat(committed.header("Location")).contains("/api/v1/batches/" + id);
        assertThat(http.get("/api/v1/entities?q=" + Http.q("测试上传症状")).json().get("entities").size()).isEqualTo(1);

        Http.Response again = http.upload("/api/v1/batches", "other-name.csv", csv.getBytes(StandardCharsets.UTF_8), CURATOR);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("unchanged");

        JsonNode list = http.get("/api/v1/batches", CURATOR).json().get("batches");
        assertThat(list.toString()).contains(id);
        JsonNode shown = http.get("/api/v1/batches/" + id, CURATOR).json();
        assertThat(shown.get("curator").asText()).isEqualTo("tester");
        assertThat(shown.get("counts").get("relationsCreated").asLong()).isEqualTo(1);

        JsonNode undo = http.delete("/api/v1/batches/" + id, CURATOR).json();
        assertThat(undo.get("relationsDeleted").asLong()).isEqualTo(1);
        assertThat(undo.get("entitiesDeleted").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/entities?q=" + Http.q("测试上传症状")).json().get("entities").size()).isZero();
        assertThat(http.get("/api/v1/batches/" + id, CURATOR).status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/batches/" + id, CURATOR).status()).isEqualTo(404);
    }

    @Test
    void badFileIs422WithEveryLineNumberAndWritesNothing() {
        String csv = "subject,subject_type,predicate,object,object_type,source\n"
                + "脑卒中,Disease,HAS_SYMPTOM,测试坏文件,Symptom,s\n"
                + "脑卒中,Disease,NOPE,测试坏文件二,Symptom,s\n"
                + "脑卒中,Planet,HAS_SYMPTOM,测试坏文件三,Symptom,s\n";
        Http.Response r = http.post("/api/v1/batches?format=csv&name=bad.csv", "text/csv", csv, CURATOR);
        assertThat(r.status()).isEqualTo(422);
        JsonNode p = r.json();
        assertThat(p.get("errors").findValuesAsText("line")).containsExactly("3", "4");
        assertThat(p.get("errors").findValuesAsText("field")).containsExactly("predicate", "subject_type");
        assertThat(p.get("field").asText()).isEqualTo("predicate");
        assertThat(http.get("/api/v1/entities?q=" + Http.q("测试坏文件")).json().get("entities").size()).isZero();

        Http.Response dry = http.post("/api/v1/batches?format=csv&dryRun=true", "text/csv", csv, CURATOR);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().get("status").asText()).isEqualTo("rejected");
        assertThat(dry.json().get("errors").size()).isEqualTo(2);

        Http.Response noFormat = http.post("/api/v1/batches", "application/octet-stream", csv, CURATOR);
        assertThat(noFormat.status()).isEqualTo(400);
        assertThat(noFormat.json().get("field").asText()).isEqualTo("format");
    }
}
