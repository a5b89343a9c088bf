package org.strokekg.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** On a failed browser test: a screenshot, the page text and the console under {@code target/e2e-failures/}. */
final class Snapshots implements TestWatcher {

    private final Supplier<Browser> browser;

    Snapshots(Supplier<Browser> browser) {
        this.browser = browser;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Browser b = browser.get();
        if (b == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        Path dir = Path.of("target", "e2e-failures");
        try {
            Files.createDirectories(dir);
            b.screenshot(dir.resolve(name + ".png"));
            String text = "URL: " + b.driver.getCurrentUrl() + "\n\n" + b.js("return document.body.innerText")
                    + "\n\nCONSOLE:\n" + String.join("\n", b.console());
            Files.writeString(dir.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
