package org.strokekg.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.strokekg.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The effective settings, where each came from, secrets masked; a bad or unknown setting fails here as at start. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print the effective settings and where each came from.",
                "Secrets are masked. Sources: the default, strokekg.yaml (or the file STROKEKG_CONFIG names), the environment, a -D "
                        + "property, a flag. An unknown setting is an error (exit 3)."})
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Config c = app.config();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Output.json(java.util.Map.of("file", c.sources().file().map(Object::toString).orElse(""),
                    "settings", c.describe())));
            return 0;
        }
        out.println("# file: " + c.sources().file().map(Object::toString).orElse("none (no ./strokekg.yaml, "
                + "STROKEKG_CONFIG not set)"));
        for (Config.Shown s : c.describe()) {
            out.printf("%-26s %-30s %-9s %s%n", s.key(), s.env(), s.source(), s.value().isEmpty() ? "-" : s.value());
        }
        return 0;
    }
}
