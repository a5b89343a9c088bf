package org.strokekg.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * Trust levels in real headless Chromium, with the committed noisy crawl slice loaded: unreviewed relations drawn
 * dashed and hidden by the trust filter, a relation reviewed and another retracted from the detail panel, a fact
 * retracted from an answer's citation (gone from the next answer), and a decision undone from the Curate view.
 */
class TrustE2ETest {

    static final String GRAPH = "strokekg.explore.graph";
    static final String[] CURATOR = {"Authorization", Http.bearer(TestApp.CURATOR_KEY)};
    static Browser b;
    static Http http;
    static String slice;
    static final List<String> decisions = new ArrayList<>();

    @RegisterExtension
    static final Snapshots SNAPSHOTS = new Snapshots(() -> b);

    @BeforeAll
    static void start() throws IOException {
        http = new Http(TestApp.baseUrl());
        byte[] bytes;
        try (InputStream in = TrustE2ETest.class.getClassLoader().getResourceAsStream("ingest/xywy-slice.json")) {
            bytes = in.readAllBytes();
        }
        Http.Response up = http.upload("/api/v1/batches?format=xywy", "xywy-slice.json", bytes, CURATOR);
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        slice = up.json().get("batchId").asText();
        b = Browser.open(TestApp.baseUrl());
    }

    @AfterAll
    static void stop() {
        for (String d : decisions) {
            http.delete("/api/v1/batches/" + d, CURATOR);
        }
        if (slice != null) {
            http.delete("/api/v1/batches/" + slice, CURATOR);
        }
        if (b != null) {
            b.close();
        }
    }

    @AfterEach
    void noCspViolations() {
        b.assertNoCspViolations();
        b.assertNoConsoleErrors();
    }

    /** The curator key, as the Curate view keeps it (sessionStorage of the tab). */
    void withKey() {
        b.go("#/curate");
        if (!"true".equals(b.js("return sessionStorage.getItem('strokekg.curatorKey') !== null ? 'true' : 'false'"))) {
            b.visible("#api-key").sendKeys(TestApp.CURATOR_KEY);
            b.click("#key-save");
        }
        b.until(d -> b.text("#key-status").contains("密钥已设置"));
    }

    long count(String selector) {
        return b.jsLong("return " + GRAPH + ".cy.$(arguments[0]).not('.filtered').length", selector);
    }

    boolean inNeighbours(String relationId) {
        JsonNode hood = http.get("/api/v1/entities/intracerebral-hemorrhage/neighbours?limit=500").json();
        for (JsonNode r : hood.get("relationships")) {
            if (r.get("id").asText().equals(relationId)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void unreviewedRelationsAreDashedFilteredReviewedAndRetractedFromTheDetailPanel() {
        withKey();
        b.go("#/entity/intracerebral-hemorrhage");
        b.until(d -> count("edge") > 10);
        // the crawl's relations rank after the curated ones: show more until two are drawn
        for (int i = 0; i < 8 && count("edge.unreviewed") < 2; i++) {
            long shown = b.jsLong("return " + GRAPH + ".expansion('intracerebral-hemorrhage').shown");
            b.js(GRAPH + ".expand('intracerebral-hemorrhage', { more: true })");
            b.until(d -> b.jsLong("return " + GRAPH + ".expansion('intracerebral-hemorrhage').shown") > shown
                    || !Boolean.TRUE.equals(b.js("return " + GRAPH + ".expansion('intracerebral-hemorrhage').truncated")));
        }
        assertThat(count("edge.unreviewed")).isGreaterThanOrEqualTo(2);
        String dashed = (String) b.js("return " + GRAPH + ".cy.$('edge.unreviewed').first().style('line-style')");
        assertThat(dashed).isEqualTo("dashed");
        assertThat(b.text("#trust-filter")).contains("审定").contains("未经审核");

        // the trust filter hides what nobody has reviewed
        long unreviewed = count("edge.unreviewed");
        b.click("#trust-filter input[data-trust='unreviewed']");
        b.until(d -> count("edge.unreviewed") == 0);
        assertThat(count("edge")).isPositive();
        b.click("#trust-filter input[data-trust='unreviewed']");
        b.until(d -> count("edge.unreviewed") == unreviewed);

        // review one from its detail panel: drawn and described at its new level
        String first = (String) b.js("return " + GRAPH + ".cy.$('edge.unreviewed').first().data('relation').id");
        b.js(GRAPH + ".select('edge', arguments[0])", first);
        b.until(d -> b.text("#ex-detail .relation-trust").contains("未经审核"));
        b.click("#ex-detail .decide-review");
        b.until(d -> !b.all("#ex-detail .decide-done").isEmpty());
        decisions.add(b.all("#ex-detail .decide-done").getFirst().getDomAttribute("data-batch"));
        assertThat(b.text("#ex-detail .relation-trust")).contains("已审核");
        assertThat(b.js("return " + GRAPH + ".cy.getElementById('rel:' + arguments[0]).hasClass('unreviewed')", first))
                .isEqualTo(false);

        // retract another, which needs a reason: it leaves the graph and every read
        String second = (String) b.js("return " + GRAPH + ".cy.$('edge.unreviewed').first().data('relation').id");
        b.js(GRAPH + ".select('edge', arguments[0])", second);
        b.until(d -> !b.all("#ex-detail .decide-retract").isEmpty());
        b.click("#ex-detail .decide-retract");
        b.until(d -> b.text("#ex-detail .decide-status").contains("原因"));
        b.visible("#ex-detail .decide-reason").sendKeys("不是脑出血的症状");
        b.click("#ex-detail .decide-retract");
        b.until(d -> !b.all("#ex-detail .decide-done").isEmpty());
        String retraction = b.all("#ex-detail .decide-done").getFirst().getDomAttribute("data-batch");
        decisions.add(retraction);
        assertThat(b.jsLong("return " + GRAPH + ".cy.getElementById('rel:' + arguments[0]).length", second)).isZero();
        assertThat(inNeighbours(second)).isFalse();

        // undo the retraction from the Curate view: the relation is back
        b.go("#/curate");
        b.click("#batches-refresh");
        String row = "tr[data-batch='" + retraction + "']";
        b.until(d -> !b.all(row).isEmpty());
        assertThat(b.text(row)).contains("retraction").contains("不是脑出血的症状").contains("已审核");
        b.click(row + " button.undo");
        b.click(row + " button.danger");
        b.until(d -> b.all(row).isEmpty());
        decisions.remove(retraction);
        assertThat(inNeighbours(second)).isTrue();
    }

    @Test
    void anAnswerStatesUnreviewedKnowledgeOnlyWhenAskedLabelledAndACitationCanBeRetracted() {
        withKey();
        b.go("#/ask?q=" + Http.q("脑出血和高血压、吸烟有什么关系"));
        waitForAnswer();
        assertThat(b.text("#answer-text")).doesNotContain("未经审核");
        assertThat(b.all("#citations .trust-badge")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getDomAttribute("data-trust")).isNotEqualTo("unreviewed"));

        b.click("#include-unreviewed");
        b.until(d -> b.text("#answer-text").contains("（未经审核）"));
        waitForAnswer();
        List<WebElement> flagged = b.all("#citations li.citation").stream()
                .filter(li -> !li.findElements(By.cssSelector(".trust-badge[data-trust='unreviewed']")).isEmpty())
                .toList();
        assertThat(flagged).isNotEmpty();
        WebElement cited = flagged.getFirst();
        String id = cited.getDomAttribute("data-id");
        cited.findElement(By.cssSelector(".decide-reason")).sendKeys("数据错误");
        cited.findElement(By.cssSelector(".decide-retract")).click();
        b.until(d -> cited.findElement(By.cssSelector(".decide-status")).getText().contains("撤回"));
        decisions.add(cited.findElement(By.cssSelector(".decide-status")).getDomAttribute("data-batch"));

        // the next answer no longer rests on it
        b.click("#ask-submit");
        waitForAnswer();
        b.until(d -> b.all("#citations li.citation[data-id='" + id + "']").isEmpty());
    }

    void waitForAnswer() {
        b.until(d -> "true".equals(b.driver.findElement(By.id("answer")).getDomAttribute("data-done")));
    }
}
