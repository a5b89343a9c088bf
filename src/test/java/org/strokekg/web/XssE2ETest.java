package org.strokekg.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * Markup in curated data stays text: an entity named like an HTML payload, with a payload as its relation's source and
 * evidence, is loaded through the curator API and shown by every view without running anything.
 */
@EnabledIf(value = "org.strokekg.web.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class XssE2ETest {

    static final String NAME = "<img src=x onerror=window.__xss=1>";
    static final String SOURCE = "<script>window.__xss=2</script>";
    static final String EVIDENCE = "<svg onload=window.__xss=3></svg><a href=javascript:window.__xss=4>x</a>";
    static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};

    static Http http;
    static Browser b;

    @RegisterExtension
    static final Snapshots SNAPSHOTS = new Snapshots(() -> b);
    static String batch;
    static String entityId;

    @BeforeAll
    static void load() {
        http = new Http(TestApp.baseUrl());
        String csv = "subject,subject_type,predicate,object,object_type,source,evidence\n"
                + "脑梗死,Disease,HAS_SYMPTOM,\"" + NAME + "\",Symptom,\"" + SOURCE + "\",\"" + EVIDENCE + "\"\n";
        Http.Response r = http.upload("/api/v1/batches", "xss.csv", csv.getBytes(StandardCharsets.UTF_8), CURATOR);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        batch = r.json().get("batchId").asText();
        for (JsonNode res : r.json().get("resolutions")) {
            if (res.get("written").asText().equals(NAME)) {
                entityId = res.get("entityId").asText();
            }
        }
        assertThat(entityId).isNotNull();
        b = Browser.open(TestApp.baseUrl());
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (b != null) {
                b.close();
            }
        } finally {
            if (batch != null) {
                assertThat(http.delete("/api/v1/batches/" + batch, CURATOR).status()).isEqualTo(200);
            }
        }
    }

    void assertInert() {
        assertThat(b.js("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(b.jsLong("return document.querySelectorAll('img[src=\"x\"], svg[onload], a[href^=javascript]').length"))
                .isZero();
        b.assertNoCspViolations();
    }

    @Test
    void theEntityPageShowsThePayloadAsText() {
        b.go("#/entity/" + entityId);
        b.until(d -> b.jsLong("return strokekg.explore.graph.cy.nodes().length") > 1);
        assertThat(b.visible("#ex-detail .entity-name").getText()).isEqualTo(NAME);
        assertThat(b.js("return strokekg.explore.graph.cy.getElementById(arguments[0]).data('label')", entityId))
                .isEqualTo(NAME);
        b.driver.findElement(By.xpath("//ul[@id='node-list']/parent::details/summary")).click();
        assertThat(b.text("#node-list")).contains(NAME);

        // the relation's source and evidence, in the relation panel
        String rel = (String) b.js("return strokekg.explore.graph.cy.getElementById(arguments[0])"
                + ".connectedEdges().first().data('relation').id", entityId);
        b.js("strokekg.explore.graph.select('edge', arguments[0])", rel);
        String detail = b.visible("#ex-detail .relation-detail").getText();
        assertThat(detail).contains(NAME).contains(SOURCE).contains(EVIDENCE);
        assertInert();
    }

    @Test
    void searchSuggestionsShowThePayloadAsText() {
        b.go("#/explore");
        WebElement search = b.visible("#ex-search");
        search.sendKeys("<img src=x");
        String option = "#" + search.getDomAttribute("aria-controls") + " [data-id='" + entityId + "']";
        assertThat(b.visible(option).getText()).contains(NAME);
        b.pick("#path-from", "<img", entityId);
        assertThat(b.driver.findElement(By.id("path-from")).getDomProperty("value")).isEqualTo(NAME);
        assertInert();
    }

    @Test
    void theCuratorReportShowsThePayloadAsText() throws Exception {
        b.go("#/curate");
        b.js("sessionStorage.setItem('strokekg.curatorKey', arguments[0])", TestApp.CURATOR_KEY);
        b.go("#/curate");
        java.nio.file.Path f = java.nio.file.Files.createTempFile("xss", ".csv");
        try {
            // a new name (exact matches of existing names are not listed as resolutions)
            String fresh = "<b onmouseover=window.__xss=5>新症状</b>";
            java.nio.file.Files.writeString(f, "subject,subject_type,predicate,object,object_type,source\n"
                    + "\"" + fresh + "\",Symptom,WARNING_SIGN_OF,脑卒中,Disease,\"" + SOURCE + "\"\n");
            b.driver.findElement(By.id("upload-file")).sendKeys(f.toString());
            b.click("#upload-check");
            assertThat(b.visible("#upload-report .resolutions-table").getText()).contains(fresh);
            assertThat(b.jsLong("return document.querySelectorAll('#upload-report b').length")).isZero();
            assertThat(b.text("#batches")).contains("xss.csv");
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
        assertInert();
    }
}
