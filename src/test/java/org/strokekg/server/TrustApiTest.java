package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * Trusted knowledge over real HTTP, on the committed noisy crawl slice: the batch's level in the API, a default answer
 * that states no unreviewed relation or passage, {@code minTrust: "unreviewed"} labelling every such sentence, single
 * facts reviewed and retracted through the API (effective in the next answer), surviving a reload of the source file,
 * and undone.
 */
class TrustApiTest {

    static Http http;
    static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};
    static final String[] READER = {"Authorization", Http.bearer(TestApp.READER_KEY)};
    static final String QUESTION = "脑出血和高血压、吸烟有什么关系";
    private static final Pattern CITE = Pattern.compile("\\[(\\d+)]");

    @BeforeAll
    static void server() {
        http = new Http(TestApp.baseUrl());
    }

    static byte[] slice() {
        try (InputStream in = TrustApiTest.class.getClassLoader().getResourceAsStream("ingest/xywy-slice.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode answer(String minTrust, String script) {
        String body = "{\"question\":\"" + QUESTION + "\"" + (minTrust == null ? "" : ",\"minTrust\":\"" + minTrust + "\"")
                + (script == null ? "" : ",\"script\":\"" + script + "\"") + "}";
        Http.Response r = http.postJson("/api/v1/answer", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static String chatAnswer(String body) {
        Http.Response r = http.postJson("/v1/chat/completions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("choices").get(0).get("message").get("content").asText();
    }

    static List<JsonNode> citations(JsonNode answer, String trust) {
        List<JsonNode> out = new ArrayList<>();
        answer.get("citations").forEach(c -> {
            if (trust == null || c.get("trust").asText().equals(trust)) {
                out.add(c);
            }
        });
        return out;
    }

    /**
     * Every sentence that cites unreviewed evidence opens with the label; a sentence citing only reviewed evidence
     * carries none (a sentence without a mark inside a labelled quote or description is labelled too).
     */
    static void assertLabelled(JsonNode answer, String label) {
        List<Integer> unreviewed = citations(answer, "unreviewed").stream().map(c -> c.get("n").asInt()).toList();
        for (String sentence : answer.get("answer").asText().split("(?<=[。.])|\\n")) {
            Matcher m = CITE.matcher(sentence);
            boolean cites = false;
            boolean citesReviewed = false;
            while (m.find()) {
                boolean u = unreviewed.contains(Integer.parseInt(m.group(1)));
                cites |= u;
                citesReviewed |= !u;
            }
            if (cites) {
                assertThat(sentence.strip()).as(answer.get("answer").asText()).startsWith(label);
            } else if (citesReviewed) {
                assertThat(sentence).doesNotContain(label);
            }
        }
    }

    static boolean neighbourRelation(String relationId, String minTrust) {
        JsonNode hood = http.get("/api/v1/entities/intracerebral-hemorrhage/neighbours?limit=500"
                + (minTrust == null ? "" : "&minTrust=" + minTrust)).json();
        for (JsonNode r : hood.get("relationships")) {
            if (r.get("id").asText().equals(relationId)) {
                return true;
            }
        }
        return false;
    }

    static String trustOf(String relationId) {
        JsonNode hood = http.get("/api/v1/entities/intracerebral-hemorrhage/neighbours?limit=500").json();
        for (JsonNode r : hood.get("relationships")) {
            if (r.get("id").asText().equals(relationId)) {
                return r.get("trust").asText();
            }
        }
        return "absent";
    }

    /** The decision is in the audit trail (a curator's read) with its curator, batch, facts and reason. */
    static void assertAudited(String action, String outcome, String batch, String reason, String factId) {
        Http.Response trail = http.get("/api/v1/audit?limit=20&action=" + action, CURATOR);
        assertThat(trail.status()).as(trail.body()).isEqualTo(200);
        assertThat(http.get("/api/v1/audit", READER).status()).isEqualTo(403);
        List<JsonNode> events = new ArrayList<>();
        trail.json().get("events").forEach(e -> {
            if (e.get("target").asText().equals(batch)) {
                events.add(e);
            }
        });
        assertThat(events).as(trail.body()).singleElement().satisfies(e -> {
            assertThat(e.get("curator").asText()).isEqualTo("tester");
            assertThat(e.get("outcome").asText()).isEqualTo(outcome);
            assertThat(e.get("detail").asText()).contains(reason).contains(factId);
        });
    }

    @Test
    void unreviewedKnowledgeIsFoundButStatedOnlyOnRequestLabelledAndCuratorsDecideSingleFacts() {
        Http.Response up = http.upload("/api/v1/batches?format=xywy", "xywy-slice.json", slice(), CURATOR);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        String batch = up.json().get("batchId").asText();
        String reviewBatch = null;
        String retractBatch = null;
        try {
            assertThat(up.json().get("trust").asText()).isEqualTo("unreviewed");
            assertThat(up.json().get("mapping").toString()).contains("disease-as-symptom").contains("血压高");
            JsonNode listed = http.get("/api/v1/batches/" + batch, CURATOR).json();
            assertThat(listed.get("trust").asText()).isEqualTo("unreviewed");
            JsonNode stats = http.get("/api/v1/stats").json();
            assertThat(stats.get("relationsByTrust").has("unreviewed")).isTrue();
            assertThat(stats.get("relationsByTrust").has("curated")).isTrue();
            assertThat(stats.get("vectors").get("passages").asLong()).isPositive();

            // by default: found, listed with its level, never stated
            JsonNode plain = answer(null, null);
            assertThat(plain.get("minTrust").asText()).isEqualTo("reviewed");
            assertThat(citations(plain, null)).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.get("trust").asText()).isIn("curated", "reviewed"));
            assertThat(plain.get("answer").asText()).doesNotContain("未经审核").doesNotContain("测试切片");
            assertThat(plain.get("graphPaths").findValuesAsText("trust")).as(plain.toString()).contains("unreviewed");

            // on request: stated, each such sentence labelled, in the answer's script too
            JsonNode all = answer("unreviewed", null);
            List<JsonNode> unreviewed = citations(all, "unreviewed").stream()
                    .filter(c -> c.get("kind").asText().equals("graph") && c.get("id").asText().startsWith("r-"))
                    .toList();
            assertThat(unreviewed).as(all.toString()).hasSizeGreaterThanOrEqualTo(2);
            assertLabelled(all, "（未经审核）");
            assertLabelled(answer("unreviewed", "zh-Hant-TW"), "（未經審核）");
            assertThat(http.postJson("/api/v1/answer", "{\"question\":\"x\",\"minTrust\":\"some\"}").status())
                    .isEqualTo(400);
            // the stream and the OpenAI-compatible route take the same field, with the same default
            String ask = "{\"question\":\"" + QUESTION + "\"";
            assertThat(http.postJson("/api/v1/answer/stream", ask + "}").body()).doesNotContain("未经审核");
            assertThat(http.postJson("/api/v1/answer/stream", ask + ",\"minTrust\":\"unreviewed\"}").body())
                    .contains("（未经审核）");
            String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]";
            assertThat(chatAnswer(chat + "}")).doesNotContain("未经审核");
            assertThat(chatAnswer(chat + ",\"minTrust\":\"unreviewed\"}")).contains("（未经审核）");

            // a curator reviews one fact: the next default answer states it
            String reviewed = unreviewed.get(0).get("id").asText();
            Http.Response review = http.postJson("/api/v1/reviews", "{\"ids\":[\"" + reviewed + "\"],"
                    + "\"reason\":\"checked against the guideline\"}", CURATOR);
            assertThat(review.status()).as(review.body()).isEqualTo(201);
            reviewBatch = review.json().get("batchId").asText();
            assertThat(review.header("Location")).hasValue("/api/v1/batches/" + reviewBatch);
            assertThat(citations(answer(null, null), "reviewed")).extracting(c -> c.get("id").asText())
                    .contains(reviewed);

            // and retracts another, with its reason: gone from reads and answers
            String retracted = unreviewed.get(1).get("id").asText();
            assertThat(http.postJson("/api/v1/retractions", "{\"ids\":[\"" + retracted + "\"]}", CURATOR).status())
                    .isEqualTo(400);
            assertThat(http.postJson("/api/v1/retractions", "{\"ids\":[\"r-0000000000000000\"],\"reason\":\"x\"}",
                    CURATOR).status()).isEqualTo(404);
            assertThat(http.postJson("/api/v1/retractions", "{\"ids\":[\"" + retracted + "\"],\"reason\":\"x\"}",
                    "Authorization", Http.bearer(TestApp.READER_KEY)).status()).isEqualTo(403);
            assertThat(neighbourRelation(retracted, null)).isTrue();
            Http.Response retract = http.postJson("/api/v1/retractions", "{\"ids\":[\"" + retracted + "\"],"
                    + "\"reason\":\"a disease is not a symptom of another\"}", CURATOR);
            assertThat(retract.status()).as(retract.body()).isEqualTo(201);
            retractBatch = retract.json().get("batchId").asText();
            JsonNode decision = http.get("/api/v1/batches/" + retractBatch, CURATOR).json();
            assertThat(decision.get("kind").asText()).isEqualTo("retraction");
            assertThat(decision.get("reason").asText()).isEqualTo("a disease is not a symptom of another");
            assertThat(decision.get("curator").asText()).isEqualTo("tester");
            assertThat(decision.get("targets").toString()).contains(retracted);
            assertThat(neighbourRelation(retracted, null)).isFalse();
            assertAudited("review", "reviewed", reviewBatch, "checked against the guideline", reviewed);
            assertAudited("retraction", "retracted", retractBatch, "a disease is not a symptom of another", retracted);
            assertThat(http.get("/api/v1/batches", READER).status()).isEqualTo(200);
            assertThat(http.postJson("/api/v1/reviews", "{\"ids\":[\"" + retracted + "\"]}", READER).status())
                    .isEqualTo(403);
            assertThat(citations(answer("unreviewed", null), null)).extracting(c -> c.get("id").asText())
                    .doesNotContain(retracted);
            assertThat(neighbourRelation(reviewed, "reviewed")).isTrue();
            assertThat(http.get("/api/v1/entities/intracerebral-hemorrhage/neighbours?limit=500&minTrust=reviewed")
                    .json().get("relationships").findValuesAsText("trust")).doesNotContain("unreviewed");

            // the source file undone and loaded again: the decisions stand
            assertThat(http.delete("/api/v1/batches/" + batch, CURATOR).status()).isEqualTo(200);
            assertThat(trustOf(reviewed)).isEqualTo("absent");
            Http.Response again = http.upload("/api/v1/batches?format=xywy", "xywy-slice.json", slice(), CURATOR);
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.json().get("batchId").asText()).isEqualTo(batch);
            assertThat(again.json().get("counts").get("writtenRetracted").asLong()).isPositive();
            assertThat(neighbourRelation(retracted, null)).isFalse();
            assertThat(trustOf(reviewed)).isEqualTo("reviewed");
            assertThat(http.get("/api/v1/stats").json().get("retracted").get("relations").asLong()).isPositive();

            // undo: the retraction, then the review
            assertThat(http.delete("/api/v1/batches/" + retractBatch, CURATOR).status()).isEqualTo(200);
            retractBatch = null;
            assertThat(neighbourRelation(retracted, null)).isTrue();
            assertThat(http.delete("/api/v1/batches/" + reviewBatch, CURATOR).status()).isEqualTo(200);
            reviewBatch = null;
            assertThat(trustOf(reviewed)).isEqualTo("unreviewed");
            assertThat(citations(answer(null, null), null)).extracting(c -> c.get("id").asText())
                    .doesNotContain(reviewed);
        } finally {
            for (String b : new String[] {retractBatch, reviewBatch, batch}) {
                if (b != null) {
                    http.delete("/api/v1/batches/" + b, CURATOR);
                }
            }
        }
    }

    @Test
    void theRoutesAreInTheOpenApiDocument() {
        JsonNode paths = http.get("/openapi.json").json().get("paths");
        assertThat(paths.has("/api/v1/reviews")).isTrue();
        assertThat(paths.has("/api/v1/retractions")).isTrue();
        assertThat(paths.get("/api/v1/batches").get("post").toString()).contains("\"trust\"");
        JsonNode schemas = http.get("/openapi.json").json().get("components").get("schemas");
        assertThat(schemas.get("AnswerRequest").get("properties").has("minTrust")).isTrue();
        assertThat(schemas.get("Relation").get("properties").has("trust")).isTrue();
    }
}
