package org.strokekg.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.graph.GraphStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Entities and relations by type. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Print entity and relation counts by type.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (StrokeKg kg = app.open()) {
            GraphStats s = kg.graph().stats();
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(Output.json(s));
                return 0;
            }
            out.printf("entities  %,d%n", s.entities());
            print(out, s.entitiesByType());
            out.printf("relations %,d%n", s.relations());
            print(out, s.relationsByType());
            out.printf("batches   %,d%npassages  %,d%n", s.batches(), s.passages());
            return 0;
        }
    }

    private static void print(java.io.PrintWriter out, Map<String, Long> counts) {
        counts.forEach((k, v) -> out.printf("  %-22s %,8d%n", k, v));
    }
}
