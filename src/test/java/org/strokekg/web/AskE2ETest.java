package org.strokekg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/** Asking in real headless Chromium against the real answer stream (evidence mode, the default). */
@EnabledIf(value = "org.strokekg.web.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class AskE2ETest {

    static final String GRAPH = "strokekg.ask.graph";
    static Browser b;

    @RegisterExtension
    static final Snapshots SNAPSHOTS = new Snapshots(() -> b);

    @BeforeAll
    static void start() {
        Http.Response probe = new Http(TestApp.baseUrl()).postJson("/api/v1/answer", "{\"question\":\"中风\"}");
        Assumptions.assumeFalse(probe.status() == 404 && probe.body().contains("no route"),
                "the answer API (issue 4) is not on this branch yet");
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
        b.assertNoConsoleErrors();
    }

    void waitForAnswer() {
        b.until(d -> "true".equals(b.driver.findElement(By.id("answer")).getDomAttribute("data-done")));
    }

    String answer() {
        return b.text("#answer-text");
    }

    @Test
    void anExampleQuestionStreamsACitedAnswerAndHighlightsItsPath() {
        b.go("#/ask");
        b.driver.findElements(By.cssSelector("#examples button")).stream()
                .filter(e -> e.getText().equals("脑梗死和高血压有什么关系")).findFirst().orElseThrow().click();
        waitForAnswer();
        WebElement answer = b.driver.findElement(By.id("answer"));
        assertThat(answer.getDomAttribute("data-mode")).isEqualTo("stream");
        assertThat(Integer.parseInt(answer.getDomAttribute("data-tokens"))).as("token events").isPositive();
        assertThat(answer()).contains("高血压");
        List<WebElement> markers = b.all("#answer-text button.cite");
        assertThat(markers).as("citation markers").isNotEmpty();
        assertThat(b.all("#citations li.citation")).isNotEmpty();
        assertThat(b.text("#citations")).contains("来源");
        assertThat(b.text("#entity-chips")).contains("脑梗死").contains("高血压");
        assertThat((String) b.js("return location.hash")).startsWith("#/ask?q=");

        // the path between the two entities is drawn and highlighted
        assertThat(b.jsLong("return " + GRAPH + ".highlightedIds().relations.length")).isPositive();
        assertThat(b.js("return " + GRAPH + ".highlightedIds().nodes"))
                .asInstanceOf(InstanceOfAssertFactories.LIST).contains("ischemic-stroke", "hypertension");

        // a marker jumps to its evidence
        WebElement first = markers.getFirst();
        String n = first.getDomAttribute("data-n");
        first.click();
        b.until(d -> ("cite-" + n).equals(b.js("return document.activeElement.id")));

        // the emergency notice is not shown for a question without warning signs
        assertThat(b.driver.findElement(By.id("emergency")).isDisplayed()).isFalse();

        // and the explorer takes the answer's graph over, paths still highlighted
        b.click("#open-explorer");
        b.until(d -> b.jsLong("return strokekg.explore.graph.highlightedIds().relations.length") > 0);
        assertThat((String) b.js("return location.hash")).isEqualTo("#/explore");
    }

    @Test
    void taiwanScriptConvertsTheAnswerAndTheAddressKeepsIt() {
        b.go("#/ask");
        b.visible("#question").sendKeys("脑梗死和高血压有什么关系");
        new Select(b.visible("#script")).selectByValue("zh-Hant-TW");
        b.click("#ask-submit");
        waitForAnswer();
        assertThat(answer()).containsAnyOf("高血壓", "腦梗死");
        assertThat((String) b.js("return location.hash")).contains("script=zh-Hant-TW");

        // switching back re-asks in simplified
        new Select(b.visible("#script")).selectByValue("zh-Hans");
        b.until(d -> answer().contains("高血压") && "true".equals(
                b.driver.findElement(By.id("answer")).getDomAttribute("data-done")));

        // the shared address asks again in the script it names
        b.go("#/ask?q=" + Http.q("中風的早期症狀有哪些") + "&script=zh-Hant-HK");
        waitForAnswer();
        assertThat(new Select(b.visible("#script")).getFirstSelectedOption().getDomAttribute("value"))
                .isEqualTo("zh-Hant-HK");
        assertThat(b.driver.findElement(By.id("question")).getDomProperty("value")).isEqualTo("中風的早期症狀有哪些");
        assertThat(answer()).isNotBlank();
    }

    @Test
    void byDefaultTheAnswerIsInTheQuestionsScript() {
        b.go("#/ask");
        assertThat(new Select(b.visible("#script")).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("auto");
        b.visible("#question").sendKeys("中風後手臂僵硬怎麼辦");
        b.click("#ask-submit");
        waitForAnswer();
        assertThat(answer()).contains("痙攣").doesNotContain("痉挛");
        assertThat(b.driver.findElement(By.id("answer-text")).getDomAttribute("lang")).isEqualTo("zh-Hant-TW");
    }

    @Test
    void warningSignsPutTheEmergencyNoticeFirst() {
        b.go("#/ask");
        b.visible("#question").sendKeys("我父亲突然一侧手脚无力，口角歪斜，说话不清楚，怎么办");
        b.click("#ask-submit");
        WebElement notice = b.visible("#emergency");
        assertThat(notice.getDomAttribute("class")).contains("urgent");
        assertThat(notice.getText()).contains("120");
        waitForAnswer();
        assertThat(notice.getLocation().getY()).isLessThan(b.driver.findElement(By.id("answer")).getLocation().getY());
        assertThat(notice.getDomAttribute("role")).isEqualTo("alert");
    }

    @Test
    void theAnswersGraphHasALegendAndPassageCitationsShowTheirSentences() {
        b.go("#/ask");
        b.visible("#question").sendKeys("偏瘫病人卧床怎么预防压疮");
        b.click("#ask-submit");
        waitForAnswer();
        // the legend names the node types and the relation types drawn, and the mark of the answer's facts
        String legend = b.text("#ask-legend");
        assertThat(legend).contains("并发症").contains("预防").contains("回答所依据的事实");
        // how the question was read
        assertThat(b.text("#answer-frame")).contains("压力性损伤").contains("预防");
        // a passage citation quotes the sentence it rests on, with the passage's id
        List<WebElement> quotes = b.all("#citations li.kind-passage blockquote.cite-quote");
        assertThat(quotes).isNotEmpty();
        String first = quotes.getFirst().getText();
        String id = b.all("#citations li.kind-passage").getFirst().getDomAttribute("data-id");
        assertThat(b.text("#citations li.kind-passage .cite-id")).contains(id);
        String passage = (String) b.js("return strokekg.ask.state.evidence.passages.find(p => p.id === arguments[0]).text", id);
        assertThat(passage).contains(first.split("(?<=。)")[0]);
    }

    @Test
    void markupInTheQuestionStaysText() {
        String payload = "<img src=x onerror=window.__xss=1>中风<script>window.__xss=2</script>";
        b.go("#/ask?q=" + Http.q(payload));
        waitForAnswer();
        assertThat(b.driver.findElement(By.id("question")).getDomProperty("value")).isEqualTo(payload);
        assertThat(b.js("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(b.jsLong("return document.querySelectorAll('img[src=\"x\"]').length")).isZero();
    }
}
