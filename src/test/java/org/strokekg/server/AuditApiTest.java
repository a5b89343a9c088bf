package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * Every curator write is in the audit trail with its curator, time, target and outcome: a load, a rejected load, an
 * undo, a merge and its undo, an undo of nothing. Only a curator may read the trail.
 */
class AuditApiTest {

    private final Http http = new Http(TestApp.baseUrl());
    private static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};
    private static final String[] READER = {"Authorization", Http.bearer(TestApp.READER_KEY)};

    @Test
    void loadsUndosAndMergesAreAuditedWithCuratorAndOutcome() {
        String csv = "subject,subject_type,predicate,object,object_type,source\n"
                + "脑卒中,Disease,HAS_SYMPTOM,审计测试症状甲,Symptom,audit test\n"
                + "脑卒中,Disease,HAS_SYMPTOM,审计测试症状乙,Symptom,audit test\n";
        Http.Response loaded = http.post("/api/v1/batches?format=csv&name=audit.csv", "text/csv", csv, CURATOR);
        assertThat(loaded.status()).isEqualTo(201);
        String batch = loaded.json().get("batchId").asText();
        Http.Response bad = http.post("/api/v1/batches?format=csv&name=bad.csv", "text/csv",
                "subject,subject_type,predicate,object,object_type,source\n脑卒中,Disease,NOPE,x,Symptom,s\n", CURATOR);
        assertThat(bad.status()).isEqualTo(422);

        String a = id("审计测试症状甲");
        String b = id("审计测试症状乙");
        Http.Response merged = http.postJson("/api/v1/entities/" + a + "/merge", "{\"from\":\"" + b + "\"}", CURATOR);
        assertThat(merged.status()).isEqualTo(201);
        String mergeBatch = merged.json().get("batchId").asText();
        assertThat(http.delete("/api/v1/batches/" + mergeBatch, CURATOR).status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/batches/" + batch, CURATOR).status()).isEqualTo(200);
        assertThat(http.delete("/api/v1/batches/" + batch, CURATOR).status()).isEqualTo(404);

        JsonNode events = http.get("/api/v1/audit?limit=20&curator=tester", CURATOR).json().get("events");
        List<String> lines = new ArrayList<>();
        events.forEach(e -> lines.add(e.get("action").asText() + " " + e.get("target").asText() + " "
                + e.get("outcome").asText()));
        assertThat(lines).contains("load " + batch + " committed", "load bad.csv rejected", "merge " + mergeBatch
                + " merged", "undo " + mergeBatch + " undone", "undo " + batch + " undone", "undo " + batch + " refused");
        events.forEach(e -> {
            assertThat(e.get("curator").asText()).isEqualTo("tester");
            assertThat(e.get("at").asText()).isNotBlank();
            assertThat(e.get("outcome").asText()).isNotEqualTo("pending");
            assertThat(e.toString()).doesNotContain(TestApp.CURATOR_KEY);
        });
        JsonNode refused = events.get(0);
        assertThat(refused.get("detail").asText()).contains("no batch " + batch);
        assertThat(http.get("/api/v1/audit?action=merge", CURATOR).json().get("events").get(0).get("action").asText())
                .isEqualTo("merge");
    }

    @Test
    void onlyACuratorReadsTheTrail() {
        assertThat(http.get("/api/v1/audit").status()).isEqualTo(401);
        assertThat(http.get("/api/v1/audit", READER).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/audit", CURATOR).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/audit?limit=0", CURATOR).status()).isEqualTo(400);
    }

    private String id(String name) {
        JsonNode found = http.get("/api/v1/entities?q=" + Http.q(name)).json().get("entities");
        for (JsonNode e : found) {
            if (e.get("name").asText().equals(name)) {
                return e.get("id").asText();
            }
        }
        throw new AssertionError("no entity named " + name + ": " + found);
    }
}
