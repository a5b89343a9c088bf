package org.strokekg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.strokekg.testing.TestGraph;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, both named by path so Selenium Manager never runs (it
 * would try to download a browser). Tests skip when the browser is not installed; {@code .ci/run} installs it.
 */
final class Browser implements AutoCloseable {

    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    /** Why a browser test class is skipped: surefire prints it beside each of its tests. */
    static final String NOT_INSTALLED =
            "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
    /** Generous: the CI machine has two cores shared with Neo4j, Lucene and the browser. */
    static final Duration WAIT = Duration.ofSeconds(40);

    final ChromeDriver driver;
    final String base;
    private final Path profile;
    private final List<String> consoleSeen = new ArrayList<>();
    private int loads;

    private Browser(String base, int width, int height) {
        this.base = base;
        try {
            profile = Files.createTempDirectory("strokekg-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--lang=zh-CN", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    /**
     * Whether the browser tests can run here: each browser test class names this in a class-level {@code @EnabledIf},
     * so that surefire lists its tests as skipped with {@link #NOT_INSTALLED} rather than "Tests run: 0", which is
     * what an assumption in {@code @BeforeAll} gives (SUREFIRE-2300).
     */
    static boolean installed() {
        return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    }

    /** A browser on the running test server; skips the calling test when Chromium is not installed. */
    static Browser open(String base) {
        return open(base, 1366, 900);
    }

    static Browser open(String base, int width, int height) {
        Assumptions.assumeTrue(installed(), NOT_INSTALLED);
        return new Browser(base, width, height);
    }

    /** Loads a route of the single-page app afresh (e.g. {@code #/curate}) and waits until the app has started. */
    Browser go(String hash) {
        // A query that changes each time: a new hash alone would be a same-document jump, not a fresh page.
        driver.get(base + "/?load=" + (++loads) + hash);
        until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-ready")));
        return this;
    }

    /** Changes the address in the running app, as following a link would (no reload). */
    void hash(String hash) {
        js("location.hash = arguments[0]", hash);
    }

    <T> T until(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    WebElement visible(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    WebElement clickable(String css) {
        return until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
    }

    void click(String css) {
        WebElement e = clickable(css);
        js("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        // a list rendered again under the reader (a refresh's second render) leaves the element found stale: find it again
        for (int tries = 1; ; tries++) {
            try {
                return driver.findElement(By.cssSelector(css)).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (tries == 5) {
                    throw e;
                }
            }
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    long jsLong(String script, Object... args) {
        return ((Number) js(script, args)).longValue();
    }

    /** Types into an entity picker and chooses the option whose entity id is {@code id}. */
    void pick(String inputCss, String text, String id) {
        WebElement input = visible(inputCss);
        input.clear();
        input.sendKeys(text);
        String option = "#" + input.getDomAttribute("aria-controls") + " [data-id='" + id + "']";
        WebElement opt = visible(option);
        new Actions(driver).moveToElement(opt).click().perform();
    }

    /** Double-clicks a graph node where Cytoscape drew it. */
    void doubleClickNode(String canvasCss, String graphPath, String nodeId) {
        WebElement canvas = visible(canvasCss);
        @SuppressWarnings("unchecked")
        var pos = (java.util.Map<String, Number>) js("return " + graphPath + ".renderedPosition(arguments[0])", nodeId);
        assertThat(pos).as("node %s is drawn", nodeId).isNotNull();
        Dimension size = canvas.getSize();
        int dx = (int) Math.round(pos.get("x").doubleValue() - size.getWidth() / 2.0);
        int dy = (int) Math.round(pos.get("y").doubleValue() - size.getHeight() / 2.0);
        new Actions(driver).moveToElement(canvas, dx, dy).doubleClick().perform();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, screenshot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every browser console line since the last call (console errors, CSP refusals, failed loads). */
    List<String> console() {
        List<String> lines = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            lines.add(e.getLevel() + " " + e.getMessage());
        }
        consoleSeen.addAll(lines);
        return lines;
    }

    /** No Content-Security-Policy refusal was reported, neither to the page's listener nor in the console. */
    void assertNoCspViolations() {
        Object recorded = js("return JSON.stringify(window.__cspViolations || [])");
        assertThat(recorded).as("securitypolicyviolation events").isEqualTo("[]");
        console();
        assertThat(consoleSeen).as("browser console").noneMatch(l -> l.contains("Content Security Policy")
                || l.contains("Refused to"));
    }

    /** No script error or failed request showed in the console (a 4xx the app asked for on purpose aside). */
    void assertNoConsoleErrors(String... allowed) {
        console();
        assertThat(consoleSeen).as("browser console errors").noneMatch(l -> l.startsWith("SEVERE")
                && java.util.Arrays.stream(allowed).noneMatch(l::contains));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            TestGraph.deleteTree(profile);
        }
    }
}
