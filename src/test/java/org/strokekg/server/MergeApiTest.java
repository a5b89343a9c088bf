package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/** The merge route over real HTTP: curator auth, bad bodies, missing and conflicting entities, merge and undo. */
class MergeApiTest {

    static Http http;
    static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};

    @BeforeAll
    static void server() {
        http = new Http(TestApp.baseUrl());
    }

    static String idOf(String name) {
        return http.get("/api/v1/entities?q=" + Http.q(name) + "&limit=1").json().get("entities").get(0).get("id").asText();
    }

    @Test
    void mergeNeedsACuratorKey() {
        String body = "{\"from\":\"ischemic-stroke\"}";
        List<String[]> refused = List.of(new String[0], new String[] {"Authorization", "Bearer wrong-key-123"},
                new String[] {"Authorization", "Basic dXNlcjpwYXNz"});
        for (String[] auth : refused) {
            assertThat(http.postJson("/api/v1/entities/stroke/merge", body, auth).status()).isEqualTo(401);
        }
        Http.Response forbidden = http.postJson("/api/v1/entities/stroke/merge", body,
                "Authorization", Http.bearer(TestApp.READER_KEY));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("detail").asText()).contains("curator");
        assertThat(http.get("/api/v1/entities/ischemic-stroke").status()).isEqualTo(200);
    }

    @Test
    void badBodiesMissingEntitiesAndConflictsAreProblems() {
        record Case(String id, String body, int status, String field) {
        }
        for (Case c : List.of(new Case("stroke", "", 400, "from"), new Case("stroke", "not json", 400, "body"),
                new Case("stroke", "{}", 400, "from"), new Case("stroke", "{\"from\": 3}", 400, "from"),
                new Case("stroke", "{\"from\": \"tia\", \"into\": \"x\"}", 400, "into"),
                new Case("stroke", "{\"from\": \"no-such-entity\"}", 404, null),
                new Case("no-such-entity", "{\"from\": \"stroke\"}", 404, null),
                new Case("stroke", "{\"from\": \"stroke\"}", 409, null))) {
            Http.Response r = http.postJson("/api/v1/entities/" + c.id() + "/merge", c.body(), CURATOR);
            assertThat(r.status()).as(c.body()).isEqualTo(c.status());
            assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            if (c.field() != null) {
                assertThat(r.json().get("field").asText()).as(c.body()).isEqualTo(c.field());
            }
        }
        String drug = idOf("阿司匹林");
        Http.Response cross = http.postJson("/api/v1/entities/stroke/merge", "{\"from\":\"" + drug + "\"}", CURATOR);
        assertThat(cross.status()).isEqualTo(409);
        assertThat(cross.json().get("detail").asText()).contains("type group");
        assertThat(http.get("/api/v1/entities/" + drug).status()).isEqualTo(200);
    }

    @Test
    void mergeThenUndoThroughTheBatchRoute() {
        String csv = "subject,subject_type,predicate,object,object_type,source\n"
                + "测试接口甲病,Disease,HAS_SYMPTOM,测试接口症状,Symptom,api merge test\n"
                + "測試接口乙病,Disease,HAS_SYMPTOM,测试接口症状二,Symptom,api merge test\n";
        Http.Response load = http.post("/api/v1/batches?format=csv&name=api-merge.csv", "text/csv", csv, CURATOR);
        assertThat(load.status()).isEqualTo(201);
        String a = idOf("测试接口甲病");
        String b = idOf("測試接口乙病");
        JsonNode stats = http.get("/api/v1/stats").json();

        Http.Response merged = http.postJson("/api/v1/entities/" + a + "/merge", "{\"from\":\"" + b + "\"}", CURATOR);
        assertThat(merged.status()).isEqualTo(201);
        String batch = merged.json().get("batchId").asText();
        assertThat(merged.header("Location")).contains("/api/v1/batches/" + batch);
        assertThat(merged.json().get("relationsMoved").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/entities/" + b).status()).isEqualTo(404);
        // the search box finds the merged name on the survivor at once, in either script
        assertThat(idOf("测试接口乙病")).isEqualTo(a);
        JsonNode around = http.get("/api/v1/entities/" + a + "/neighbours").json();
        assertThat(around.get("nodes").findValuesAsText("name")).contains("测试接口症状", "测试接口症状二");
        assertThat(http.get("/api/v1/batches/" + batch, CURATOR).json().get("kind").asText()).isEqualTo("merge");
        // the load cannot be undone under the merge
        Http.Response pinned = http.delete("/api/v1/batches/" + load.json().get("batchId").asText(), CURATOR);
        assertThat(pinned.status()).isEqualTo(409);
        assertThat(pinned.json().get("detail").asText()).contains(batch);

        Http.Response undo = http.delete("/api/v1/batches/" + batch, CURATOR);
        assertThat(undo.status()).isEqualTo(200);
        assertThat(undo.json().get("changedEntityIds").toString()).contains(a, b);
        assertThat(http.get("/api/v1/entities/" + b).json().get("name").asText()).isEqualTo("測試接口乙病");
        assertThat(http.get("/api/v1/stats").json()).isEqualTo(stats);
        assertThat(http.delete("/api/v1/batches/" + load.json().get("batchId").asText(), CURATOR).status()).isEqualTo(200);
    }
}
