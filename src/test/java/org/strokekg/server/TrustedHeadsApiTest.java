package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * Less trusted knowledge loaded beside the curated graph does not hide the curated entity a question names: an
 * unreviewed entity whose name ends in a curated one (a kind of it, named modifier first) gives the answer the curated
 * head to answer from, while a name that merely contains a curated term elsewhere does not; asked for unreviewed
 * knowledge, the answer is about the unreviewed entity itself. A food that only unreviewed knowledge joins to a
 * condition leaves the condition's curated diet to be said, not "nothing on its diet".
 */
class TrustedHeadsApiTest {

    private static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};
    private static Http http;

    @BeforeAll
    static void server() {
        http = new Http(TestApp.baseUrl());
    }

    private static JsonNode answer(String question, String minTrust) {
        String body = "{\"question\":\"" + question + "\"" + (minTrust == null ? "" : ",\"minTrust\":\"" + minTrust
                + "\"") + "}";
        Http.Response r = http.postJson("/api/v1/answer", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void anUnreviewedKindOfACuratedDiseaseIsAnsweredFromTheCuratedOne() {
        String csv = "subject,subject_type,predicate,object,object_type,source\n"
                + "测试型脑出血,Disease,HAS_SYMPTOM,测试头部症状甲,Symptom,trusted heads test\n"
                + "高血压脑病,Disease,HAS_SYMPTOM,测试头部症状乙,Symptom,trusted heads test\n"
                + "高血压,Disease,RECOMMENDED_FOOD,测试甜柿,Food,trusted heads test\n";
        Http.Response up = http.upload("/api/v1/batches?trust=unreviewed", "heads.csv",
                csv.getBytes(StandardCharsets.UTF_8), CURATOR);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        String batch = up.json().get("batchId").asText();
        try {
            JsonNode kind = answer("测试型脑出血有哪些症状", null);
            assertThat(kind.at("/frame/focus/id").asText()).as(kind.toString()).isEqualTo("intracerebral-hemorrhage");
            assertThat(kind.at("/frame/focus/mention").asText()).isEqualTo("脑出血");
            assertThat(kind.get("citations")).as("answered from the curated head").isNotEmpty();
            assertThat(kind.get("answer").asText()).doesNotContain("测试头部症状甲");

            JsonNode asked = answer("测试型脑出血有哪些症状", "unreviewed");
            assertThat(asked.at("/frame/focus/name").asText()).as(asked.toString()).isEqualTo("测试型脑出血");
            assertThat(asked.get("answer").asText()).contains("测试头部症状甲");

            JsonNode other = answer("高血压脑病有哪些症状", null);
            assertThat(other.at("/frame/focus/id").asText()).as("高血压脑病 is not a kind of 高血压: " + other)
                    .isNotEqualTo("hypertension");
            assertThat(other.get("answer").asText()).doesNotContain("测试头部症状乙");

            // a food only unreviewed knowledge joins to the condition: the condition's curated diet is what can be said
            JsonNode food = answer("高血压患者能吃测试甜柿吗", null);
            assertThat(food.at("/frame/aspect").asText()).as(food.toString()).isEqualTo("DIET");
            assertThat(food.at("/frame/others/0/name").asText()).isEqualTo("测试甜柿");
            assertThat(food.get("answer").asText()).contains("新鲜水果").doesNotContain("没有关于高血压的饮食");
        } finally {
            http.delete("/api/v1/batches/" + batch, CURATOR);
        }
    }
}
