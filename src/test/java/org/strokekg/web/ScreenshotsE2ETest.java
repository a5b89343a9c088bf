package org.strokekg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/**
 * Writes the README screenshots, only when asked: {@code ./dev mvn -o test -Dtest=ScreenshotsE2ETest
 * -Dstrokekg.screenshots=docs/screenshots}. Laptop (1366×900) and tablet (768×1024) widths.
 */
@EnabledIfSystemProperty(named = "strokekg.screenshots", matches = ".*\\S.*",
        disabledReason = "writes the README screenshots only when asked: -Dstrokekg.screenshots=DIR")
@EnabledIf(value = "org.strokekg.web.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class ScreenshotsE2ETest {

    static Path out;
    static Browser b;
    static boolean answerApi;

    @BeforeAll
    static void start() {
        out = Path.of(System.getProperty("strokekg.screenshots"));
        Http.Response probe = new Http(TestApp.baseUrl()).postJson("/api/v1/answer", "{\"question\":\"中风\"}");
        answerApi = !(probe.status() == 404 && probe.body().contains("no route"));
        b = Browser.open(TestApp.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
    }

    void shot(String name) {
        b.js("document.activeElement && document.activeElement.blur()");
        b.screenshot(out.resolve(name));
    }

    void settle() {
        // let Cytoscape finish drawing after the last layout
        b.js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
    }

    @Test
    void ask() {
        Assumptions.assumeTrue(answerApi, "the answer API is not on this branch yet");
        for (int[] size : new int[][] {{1366, 900}, {768, 1024}}) {
            b.resize(size[0], size[1]);
            b.go("#/ask?q=" + Http.q("脑梗死和高血压有什么关系"));
            b.until(d -> "true".equals(d.findElement(By.id("answer")).getDomAttribute("data-done")));
            settle();
            shot(size[0] > 1000 ? "ask.png" : "ask-tablet.png");
        }
        b.resize(1366, 900);
        b.go("#/ask?q=" + Http.q("我父亲突然一侧手脚无力，口角歪斜，怎么办"));
        b.until(d -> "true".equals(d.findElement(By.id("answer")).getDomAttribute("data-done")));
        settle();
        shot("ask-emergency.png");
        b.click("#open-explorer");
        b.until(d -> b.jsLong("return strokekg.explore.graph.highlightedIds().relations.length") > 0);
        settle();
        shot("explore-answer.png");
    }

    @Test
    void explore() {
        for (int[] size : new int[][] {{1366, 900}, {768, 1024}}) {
            b.resize(size[0], size[1]);
            b.go("#/path?from=ischemic-stroke&to=hypertension&max=3");
            b.until(d -> !b.all("#path-results .path-button").isEmpty());
            b.js("strokekg.explore.graph.select('node', 'hypertension', {center: false})");
            settle();
            shot(size[0] > 1000 ? "explore-path.png" : "explore-tablet.png");
        }
        b.resize(1366, 900);
        b.go("#/entity/spasticity");
        b.until(d -> b.jsLong("return strokekg.explore.graph.cy.nodes().length") > 5);
        settle();
        shot("explore-entity.png");
    }

    @Test
    void curate() throws IOException {
        b.resize(1366, 1250); // the report below the form is the point of this picture
        b.go("#/curate");
        b.visible("#api-key").sendKeys(TestApp.CURATOR_KEY);
        b.click("#key-save");
        b.until(d -> !b.all("#batches table tbody tr").isEmpty());
        Path f = Files.createTempDirectory("strokekg-shot").resolve("new-triples.csv");
        try {
            Files.writeString(f, """
                    subject,subject_type,predicate,object,object_type,source
                    腦梗死,Disease,HAS_SYMPTOM,偏瘫,Symptom,中国急性缺血性脑卒中诊治指南2018
                    高血压,disease,RISK_FACTOR_OF,脑梗死,Disease,中国高血压防治指南2018
                    阿司匹林,Drug,HAS_SYMPTOM,头痛,Symptom,药品说明书
                    中風,Disease,TREATED_BY,镜像疗法,RehabMethod,
                    """, StandardCharsets.UTF_8);
            b.driver.findElement(By.id("upload-file")).sendKeys(f.toString());
            b.click("#upload-check");
            b.visible("#upload-report .errors-table");
            shot("curate-errors.png");

            Files.writeString(f, """
                    subject,subject_type,predicate,object,object_type,source
                    腦梗死,Disease,HAS_SYMPTOM,偏身感觉障碍,Symptom,中国急性缺血性脑卒中诊治指南2018
                    中風,Disease,REHABILITATED_BY,镜像疗法,RehabMethod,中国脑卒中早期康复治疗指南
                    偏瘫,Complication,REHABILITATED_BY,强制性运动疗法,RehabMethod,中国脑卒中早期康复治疗指南
                    """, StandardCharsets.UTF_8);
            b.driver.findElement(By.id("upload-file")).sendKeys(f.toString());
            b.click("#upload-check");
            b.until(d -> "dry-run".equals(b.visible("#upload-report .banner").getDomAttribute("data-status")));
            assertThat(b.text("#upload-report")).contains("实体匹配");
            shot("curate.png");
        } finally {
            Files.deleteIfExists(f);
            Files.deleteIfExists(f.getParent());
        }
    }
}
