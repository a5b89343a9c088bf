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
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print counts by type and trust level, and how far vectors are.")
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
                java.util.Map<String, Object> all = new java.util.LinkedHashMap<>(org.strokekg.server.Json.mapper()
                        .convertValue(s, new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() { }));
                var v = kg.passageIndex().vectorProgress();
                all.put("vectors", java.util.Map.of("passages", v.passages(), "withVectors", v.withVectors(),
                        "done", v.done()));
                out.println(Output.json(all));
                return 0;
            }
            out.printf("entities  %,d%n", s.entities());
            print(out, s.entitiesByType());
            out.printf("relations %,d%n", s.relations());
            print(out, s.relationsByType());
            out.printf("batches   %,d%npassages  %,d%n", s.batches(), s.passages());
            out.printf("trust     relations %s; passages %s; batches %s%n", s.relationsByTrust(), s.passagesByTrust(),
                    s.batchesByTrust());
            out.printf("retracted %s%n", s.retracted());
            var v = kg.passageIndex().vectorProgress();
            out.printf("vectors   %,d of %,d passages%s%n", v.withVectors(), v.passages(),
                    v.done() ? "" : " (the rest are being embedded; they resume at the next start)");
            return 0;
        }
    }

    private static void print(java.io.PrintWriter out, Map<String, Long> counts) {
        counts.forEach((k, v) -> out.printf("  %-22s %,8d%n", k, v));
    }
}
