package org.strokekg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/** The curator page in real headless Chromium: key, dry run with line errors, commit, search, undo. */
@EnabledIf(value = "org.strokekg.web.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class CurateE2ETest {

    static Browser b;

    @RegisterExtension
    static final Snapshots SNAPSHOTS = new Snapshots(() -> b);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        b = Browser.open(TestApp.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
    }

    @AfterEach
    void noCspViolations() {
        b.assertNoCspViolations();
    }

    /** Opens the page and enters the curator key (kept by the tab's sessionStorage, so once is enough). */
    void openWithKey() {
        b.go("#/curate");
        if (!"true".equals(b.js("return sessionStorage.getItem('strokekg.curatorKey') !== null ? 'true' : 'false'"))) {
            b.visible("#api-key").sendKeys(TestApp.CURATOR_KEY);
            b.click("#key-save");
        }
        b.until(d -> b.text("#key-status").contains("密钥已设置"));
        b.until(d -> !b.all("#batches table tbody tr").isEmpty());
        assertThat(b.js("return localStorage.getItem('strokekg.curatorKey')")).as("never in localStorage").isNull();
    }

    /** One name for the key: 数据管理密钥 (the key of the 数据管理 page) in Chinese, "curator key" in English. */
    @Test
    void theKeyIsCalledTheCuratorKeyInBothLanguages() {
        b.go("#/curate");
        assertThat(b.text("#key-h")).isEqualTo("数据管理密钥");
        assertThat(b.text("label[for='api-key']")).startsWith("数据管理密钥");
        assertThat(b.text("#view-curate")).doesNotContain("管理员");
        b.click("#lang-switch");
        try {
            b.until(d -> b.text("#key-h").equals("Curator key"));
            assertThat(b.text("label[for='api-key']")).startsWith("Curator key");
            assertThat(b.text("#view-curate")).doesNotContain("API key");
        } finally {
            // the choice of language is kept in localStorage: back to Chinese for the other tests
            b.click("#lang-switch");
            b.until(d -> b.text("#key-h").equals("数据管理密钥"));
        }
    }

    Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void aBadTripleFileShowsItsErrorsByLineAndCannotBeCommitted() throws IOException {
        openWithKey();
        Path bad = file("bad.csv", """
                subject,subject_type,predicate,object,object_type,source
                脑梗死,Disease,HAS_SYMPTOM,偏瘫,Symptom,指南
                高血压,disease,RISK_FACTOR_OF,脑梗死,Disease,指南
                阿司匹林,Drug,HAS_SYMPTOM,头痛,Symptom,指南
                脑梗死,Disease,TREATS,溶栓,Treatment,指南
                """);
        b.driver.findElement(By.id("upload-file")).sendKeys(bad.toString());
        b.until(d -> b.text("#file-name").startsWith("bad.csv"));
        b.click("#upload-check");
        WebElement banner = b.visible("#upload-report .banner");
        assertThat(banner.getDomAttribute("data-status")).isEqualTo("rejected");
        assertThat(banner.getText()).contains("没有写入");
        List<WebElement> rows = b.all("#upload-report .errors-table tbody tr");
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
        String table = b.text("#upload-report .errors-table");
        assertThat(table).contains("subject_type").contains("predicate").contains("did you mean Disease");
        List<String> lines = rows.stream().map(r -> r.findElements(By.tagName("td")).getFirst().getText()).toList();
        assertThat(lines).contains("3", "4", "5").doesNotContain("2");
        assertThat(b.text("#upload-report .file-reports")).contains("bad.csv");
        assertThat(b.driver.findElement(By.id("upload-commit")).isEnabled()).isFalse();
    }

    @Test
    void aGoodFileIsCheckedCommittedFoundInSearchAndUndone() throws IOException {
        String name = "网页测试症状" + UUID.randomUUID().toString().substring(0, 8);
        openWithKey();
        Path good = file("good.csv", "subject,subject_type,predicate,object,object_type,source\n"
                + "腦梗死,Disease,HAS_SYMPTOM," + name + ",Symptom,网页端到端测试\n");
        b.driver.findElement(By.id("upload-file")).sendKeys(good.toString());
        b.click("#upload-check");
        b.until(d -> "dry-run".equals(b.visible("#upload-report .banner").getDomAttribute("data-status")));
        String matches = b.text("#upload-report .resolutions-table");
        assertThat(matches).contains("腦梗死").contains("脑梗死").contains("ischemic-stroke").contains(name).contains("新建实体");
        assertThat(new Http(TestApp.baseUrl()).get("/api/v1/entities?q=" + Http.q(name)).json()
                .get("entities").size()).as("a dry run writes nothing").isZero();

        b.click("#upload-commit");
        b.until(d -> "committed".equals(b.visible("#upload-report .banner").getDomAttribute("data-status")));
        String batch = b.text("#upload-report .banner").replaceAll(".*(b-[0-9a-f]+).*", "$1");
        assertThat(batch).startsWith("b-");
        b.until(d -> !b.all("#batches tr[data-batch='" + batch + "']").isEmpty());
        assertThat(b.text("#batches tr[data-batch='" + batch + "']")).contains("good.csv").contains("tester");

        // the new entity is found by the explorer's search
        b.click(".tabs a[data-view='explore']");
        WebElement search = b.visible("#ex-search");
        search.sendKeys(name);
        String option = "#" + search.getDomAttribute("aria-controls") + " .picker-option";
        b.until(d -> b.all(option).stream().anyMatch(o -> o.getText().contains(name)));

        // undo, with its confirmation step
        b.click(".tabs a[data-view='curate']");
        b.click("#batches tr[data-batch='" + batch + "'] button.undo");
        b.click("#batches tr[data-batch='" + batch + "'] button.danger");
        b.until(d -> b.text("#batches-status").contains("已撤销批次 " + batch));
        assertThat(b.text("#batches-status")).contains("1 条关系").contains("1 个实体");
        b.until(d -> b.all("#batches tr[data-batch='" + batch + "']").isEmpty());
        assertThat(new Http(TestApp.baseUrl()).get("/api/v1/entities?q=" + Http.q(name)).json()
                .get("entities").size()).isZero();
    }

    @Test
    void withoutAKeyNothingIsSent() throws IOException {
        b.go("#/curate");
        b.js("sessionStorage.removeItem('strokekg.curatorKey')");
        b.go("#/curate");
        assertThat(b.visible("#key-status").getText()).contains("尚未设置密钥");
        b.driver.findElement(By.id("upload-file")).sendKeys(file("x.csv", "a\n").toString());
        b.click("#upload-check");
        assertThat(b.visible("#upload-report .error").getText()).contains("请先设置密钥");
        b.visible("#api-key").sendKeys("not-a-real-key-000");
        b.click("#key-save");
        b.until(d -> b.text("#key-status").contains("密钥不可用"));
        assertThat(b.js("return sessionStorage.getItem('strokekg.curatorKey')")).as("a refused key is dropped").isNull();
    }
}
