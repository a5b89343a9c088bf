package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/** The read API over real HTTP against the seeded graph. */
class GraphApiTest {

    static Http http;

    @BeforeAll
    static void server() {
        http = new Http(TestApp.baseUrl());
    }

    @Test
    void healthAndStats() {
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        assertThat(http.get("/health/ready").json().get("status").asText()).isEqualTo("ready");
        JsonNode stats = http.get("/api/v1/stats").json();
        assertThat(stats.get("entities").asLong()).isGreaterThanOrEqualTo(300);
        assertThat(stats.get("relations").asLong()).isGreaterThanOrEqualTo(1000);
        assertThat(stats.get("entitiesByType").has("RehabMethod")).isTrue();
        assertThat(stats.get("relationsByType").get("REHABILITATED_BY").asLong()).isPositive();
    }

    @Test
    void traditionalScriptAndEnglishSearchFindTheSameEntity() {
        for (String q : List.of("中風", "中风", "腦卒中", "stroke", "ＳＴＲＯＫＥ")) {
            JsonNode r = http.get("/api/v1/entities?q=" + Http.q(q) + "&limit=5").json();
            assertThat(ids(r.get("entities"))).as(q).startsWith("stroke");
        }
        JsonNode typed = http.get("/api/v1/entities?q=" + Http.q("偏瘫") + "&type=Complication").json();
        assertThat(ids(typed.get("entities"))).contains("hemiplegia");
    }

    @Test
    void entityDetailHasAliasesDescriptionAndSources() {
        JsonNode e = http.get("/api/v1/entities/spasticity").json();
        assertThat(e.get("name").asText()).isEqualTo("痉挛");
        assertThat(e.get("aliases").toString()).contains("spasticity");
        assertThat(e.get("description").asText()).isNotBlank();
        // every curated entity has an English description (ingest/seed/entities.tsv, column description_en)
        assertThat(e.get("descriptionEn").asText()).startsWith("A velocity-dependent increase in muscle tone");
        assertThat(e.get("sources").size()).isPositive();
        Http.Response missing = http.get("/api/v1/entities/no-such-entity");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    }

    @Test
    void spasticityNeighbourhoodReachesItsTreatmentsAndRehabilitation() {
        JsonNode n = http.get("/api/v1/entities/spasticity/neighbours?depth=1&limit=100").json();
        List<String> names = names(n.get("nodes"));
        assertThat(names).contains("肉毒毒素注射", "改良Ashworth量表");
        JsonNode rels = n.get("relationships");
        assertThat(rels.size()).isPositive();
        for (JsonNode r : rels) {
            assertThat(r.get("source").asText()).isNotBlank();
            assertThat(r.get("batch").asText()).startsWith("b-");
            assertThat(r.get("curator").asText()).isNotBlank();
            assertThat(r.get("createdAt").asText()).isNotBlank();
        }
        JsonNode filtered = http.get("/api/v1/entities/spasticity/neighbours?rel=TREATED_BY&type=Drug").json();
        for (JsonNode r : filtered.get("relationships")) {
            assertThat(r.get("type").asText()).isEqualTo("TREATED_BY");
        }
        JsonNode two = http.get("/api/v1/entities/spasticity/neighbours?depth=2&limit=20").json();
        assertThat(two.get("depth").asInt()).isEqualTo(2);
        assertThat(two.get("relationships").size()).isLessThanOrEqualTo(40);
    }

    @Test
    void pathBetweenInfarctionAndHypertension() {
        JsonNode r = http.get("/api/v1/paths?from=ischemic-stroke&to=hypertension&maxLength=3&limit=5").json();
        JsonNode first = r.get("paths").get(0);
        assertThat(first.get("relationships").size()).isEqualTo(1);
        JsonNode rel = first.get("relationships").get(0);
        assertThat(rel.get("type").asText()).isEqualTo("RISK_FACTOR_OF");
        assertThat(rel.get("startId").asText()).isEqualTo("hypertension");
        assertThat(rel.get("endId").asText()).isEqualTo("ischemic-stroke");
        assertThat(names(first.get("nodes"))).containsExactly("脑梗死", "高血压");
        // k-shortest: longer paths after the shortest
        JsonNode paths = r.get("paths");
        for (int i = 1; i < paths.size(); i++) {
            assertThat(paths.get(i).get("relationships").size())
                    .isGreaterThanOrEqualTo(paths.get(i - 1).get("relationships").size());
        }
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() {
        record Case(String path, String field) {
        }
        for (Case c : List.of(new Case("/api/v1/paths?from=stroke", "to"),
                new Case("/api/v1/paths?from=stroke&to=hypertension&maxLength=99", "maxLength"),
                new Case("/api/v1/entities/stroke/neighbours?depth=3", "depth"),
                new Case("/api/v1/entities/stroke/neighbours?rel=NOPE", "rel"),
                new Case("/api/v1/entities?q=", "q"),
                new Case("/api/v1/entities?q=x&limit=abc", "limit"),
                new Case("/api/v1/entities?q=x&type=Planet", "type"))) {
            Http.Response r = http.get(c.path());
            assertThat(r.status()).as(c.path()).isEqualTo(400);
            JsonNode p = r.json();
            assertThat(p.get("field").asText()).as(c.path()).isEqualTo(c.field());
            assertThat(p.get("reason").asText()).isNotBlank();
            assertThat(p.get("status").asInt()).isEqualTo(400);
            assertThat(p.get("type").asText()).isNotBlank();
        }
    }

    @Test
    void everyRouteIsInTheOpenApiDocument() {
        JsonNode doc = http.get("/openapi.json").json();
        JsonNode paths = doc.get("paths");
        for (String route : List.of("/health/live", "/health/ready", "/api/v1/stats", "/api/v1/entities",
                "/api/v1/entities/{id}", "/api/v1/entities/{id}/neighbours", "/api/v1/entities/{id}/merge",
                "/api/v1/paths", "/api/v1/batches", "/api/v1/batches/{id}", "/api/v1/schema", "/api/v1/answer",
                "/api/v1/answer/stream", "/v1/chat/completions", "/v1/models", "/openapi.json", "/api/v1/audit")) {
            assertThat(paths.has(route)).as(route).isTrue();
        }
    }

    @Test
    void schemaListsTheVocabulary() {
        JsonNode schema = http.get("/api/v1/schema").json();
        assertThat(schema.get("types").findValuesAsText("name")).contains("Disease", "RehabMethod");
        assertThat(schema.get("predicates").findValuesAsText("name")).contains("REHABILITATED_BY");
        assertThat(schema.get("types").findValuesAsText("zh")).contains("疾病");
    }

    @Test
    void securityHeadersOnEveryResponse() {
        Http.Response r = http.get("/api/v1/stats");
        assertThat(r.header("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'").contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(r.header("X-Content-Type-Options")).contains("nosniff");
    }

    static List<String> ids(JsonNode entities) {
        List<String> out = new ArrayList<>();
        entities.forEach(e -> out.add(e.get("id").asText()));
        return out;
    }

    static List<String> names(JsonNode entities) {
        List<String> out = new ArrayList<>();
        entities.forEach(e -> out.add(e.get("name").asText()));
        return out;
    }
}
