package org.strokekg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.strokekg.testing.TestApp;

/** The explorer in real headless Chromium against the running server with the curated seed graph. */
@EnabledIf(value = "org.strokekg.web.Browser#installed", disabledReason = Browser.NOT_INSTALLED)
class ExploreE2ETest {

    static final String GRAPH = "strokekg.explore.graph";
    static Browser b;

    @RegisterExtension
    static final Snapshots SNAPSHOTS = new Snapshots(() -> b);

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
        b.assertNoConsoleErrors();
    }

    long nodes() {
        return b.jsLong("return " + GRAPH + ".cy.nodes().length");
    }

    long visible(String selector) {
        return b.jsLong("return " + GRAPH + ".cy.$(arguments[0]).not('.filtered').length", selector);
    }

    @Test
    void theAddressOfAnEntityOpensItWithItsNeighboursAndDetails() {
        b.go("#/entity/stroke");
        b.until(d -> nodes() > 10);
        assertThat(b.visible("#ex-detail .entity-name").getText()).isEqualTo("脑卒中");
        assertThat(b.text("#ex-detail .chips")).contains("中風").contains("stroke");
        assertThat(b.text("#ex-detail .sources")).contains("神经病学");
        assertThat(b.js("return " + GRAPH + ".cy.getElementById('stroke').hasClass('center')")).isEqualTo(true);
        // the hub's cap and its "more" control: 30 relations of more than 100
        assertThat(b.text("#ex-detail .expansion")).contains("30 /");
        b.click("#ex-detail .expansion button.more");
        b.until(d -> b.text("#ex-detail .expansion").contains("60 /"));
        assertThat(b.jsLong("return " + GRAPH + ".expansion('stroke').shown")).isEqualTo(60);
    }

    @Test
    void aDenseViewLabelsEveryRelationOnRequest() {
        b.go("#/entity/stroke");
        b.until(d -> nodes() > 10);
        // past twenty edges only the selected node's and the highlighted edges are labelled
        assertThat(b.jsLong("return " + GRAPH + ".cy.edges('.quiet').length")).isPositive();
        b.click("#all-labels");
        b.until(d -> b.jsLong("return " + GRAPH + ".cy.edges('.quiet').length") == 0);
        // each edge's label is its relation type's name
        assertThat(b.js("return " + GRAPH + ".cy.edges().map(e => e.data('label'))"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).contains("属于", "症状");
        b.click("#all-labels");
        b.until(d -> b.jsLong("return " + GRAPH + ".cy.edges('.quiet').length") > 0);
    }

    @Test
    void doubleClickExpandsANeighbour() {
        b.go("#/entity/hemiplegia");
        b.until(d -> nodes() > 3);
        String neighbour = (String) b.js("return " + GRAPH + ".cy.nodes().not('#hemiplegia')"
                + ".filter(n => n.degree() === 1).first().id()");
        assertThat(neighbour).isNotBlank();
        long before = nodes();
        b.js(GRAPH + ".fit()");
        b.doubleClickNode("#cy-explore", GRAPH, neighbour);
        b.until(d -> b.js("return " + GRAPH + ".expansion(arguments[0])", neighbour) != null);
        b.until(d -> nodes() > before);
        assertThat(b.jsLong("return " + GRAPH + ".cy.getElementById(arguments[0]).degree()", neighbour))
                .isGreaterThan(1);
        // the click of the double-click selected it: its details are shown and its address is shareable
        b.until(d -> b.text("#ex-detail .entity-id").equals(neighbour));
        assertThat((String) b.js("return location.hash")).isEqualTo("#/entity/" + neighbour);
    }

    @Test
    void searchInEitherScriptByKeyboardAndStartFromTheEntity() {
        b.go("#/explore");
        WebElement search = b.visible("#ex-search");
        search.sendKeys("偏癱"); // traditional
        b.visible("#" + search.getDomAttribute("aria-controls") + " [data-id='hemiplegia']");
        search.sendKeys(Keys.ARROW_DOWN);
        assertThat(search.getDomAttribute("aria-activedescendant")).isNotBlank();
        search.sendKeys(Keys.ENTER);
        b.until(d -> nodes() > 3);
        assertThat(b.visible("#ex-detail .entity-name").getText()).isEqualTo("偏瘫");
        assertThat((String) b.js("return location.hash")).isEqualTo("#/entity/hemiplegia");
        // every node is reachable without a mouse through the node list
        b.driver.findElement(By.xpath("//ul[@id='node-list']/parent::details/summary")).click();
        assertThat(b.all("#node-list button.node-button")).hasSize((int) nodes());
    }

    @Test
    void filtersHideNodeTypesAndRelationTypes() {
        b.go("#/entity/stroke");
        b.until(d -> nodes() > 10);
        long symptoms = visible("node[type = 'Symptom']");
        assertThat(symptoms).isPositive();
        b.click("#type-filter input[data-type='Symptom']");
        b.until(d -> visible("node[type = 'Symptom']") == 0);
        assertThat(b.text("#ex-counts")).contains("筛选隐藏 " + symptoms);
        b.click("#type-filter input[data-type='Symptom']");
        b.until(d -> visible("node[type = 'Symptom']") == symptoms);

        b.driver.findElement(By.xpath("//div[@id='rel-filter']/parent::details/summary")).click();
        long subtypes = visible("edge[type = 'SUBTYPE_OF']");
        assertThat(subtypes).isPositive();
        b.click("#rel-filter input[data-rel='SUBTYPE_OF']");
        b.until(d -> visible("edge[type = 'SUBTYPE_OF']") == 0);
        assertThat(visible("edge[type = 'HAS_SYMPTOM']")).isPositive();
        // "none" then "all"
        b.driver.findElement(By.xpath("//div[@id='type-filter']//button[2]")).click();
        b.until(d -> visible("node") == 0);
        b.driver.findElement(By.xpath("//div[@id='type-filter']//button[1]")).click();
        b.until(d -> visible("node") == nodes());
    }

    @Test
    void findPathsBetweenTwoEntitiesAndShareThem() {
        b.go("#/explore");
        b.pick("#path-from", "脑梗死", "ischemic-stroke");
        b.pick("#path-to", "高血壓", "hypertension");
        b.click("#path-submit");
        b.until(d -> !b.all("#path-results .path-button").isEmpty());
        List<WebElement> paths = b.all("#path-results .path-button");
        assertThat(paths.getFirst().getText()).contains("脑梗死").contains("高血压");
        assertThat(b.jsLong("return " + GRAPH + ".highlightedIds().relations.length")).isPositive();
        String hash = (String) b.js("return location.hash");
        assertThat(hash).startsWith("#/path?from=ischemic-stroke&to=hypertension");

        // one path alone: it stays highlighted, the rest fades
        if (paths.size() > 1) {
            paths.get(1).click();
            assertThat(paths.get(1).getDomAttribute("aria-pressed")).isEqualTo("true");
            assertThat(b.jsLong("return " + GRAPH + ".cy.$('.faded').length")).isPositive();
        }

        // the address alone brings the same paths back
        b.go(hash);
        b.until(d -> b.all("#path-results .path-button").size() == paths.size());
        assertThat(b.driver.findElement(By.id("path-from")).getDomProperty("value")).isEqualTo("脑梗死");
        assertThat(b.driver.findElement(By.id("path-to")).getDomProperty("value")).isEqualTo("高血压");
    }

    @Test
    void layoutsFitZoomAndPngExport() {
        b.go("#/entity/spasticity");
        b.until(d -> nodes() > 3);
        Select layout = new Select(b.visible("#layout"));
        for (String name : List.of("cose", "breadthfirst", "circle", "grid", "concentric")) {
            layout.selectByValue(name);
            b.until(d -> name.equals(b.js("return " + GRAPH + ".layoutName")));
        }
        double zoom = ((Number) b.js("return " + GRAPH + ".cy.zoom()")).doubleValue();
        b.click("#zoom-in");
        assertThat(((Number) b.js("return " + GRAPH + ".cy.zoom()")).doubleValue()).isGreaterThan(zoom);
        b.click("#fit");
        Object size = ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const blob = " + GRAPH + ".png(); done(blob.type + ' ' + blob.size);");
        assertThat((String) size).startsWith("image/png ");
        assertThat(Long.parseLong(((String) size).split(" ")[1])).isGreaterThan(5_000);
        b.click("#export-png");
    }

    @Test
    void interfaceSwitchesToEnglishAndBack() {
        b.go("#/entity/stroke");
        b.until(d -> nodes() > 10);
        b.click("#lang-switch");
        b.until(d -> b.text(".tabs a[data-view='explore']").equals("Explore"));
        assertThat(b.js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(b.text("#ex-detail")).contains("Aliases");
        assertThat((String) b.js("return " + GRAPH + ".cy.edges().first().data('label')")).matches("[a-z ]+");
        b.click("#lang-switch");
        b.until(d -> b.text(".tabs a[data-view='explore']").equals("图谱浏览"));
    }
}
