package org.strokekg.cli;

import java.io.PrintWriter;
import org.strokekg.server.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
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

    @Mixin
    ClientOptions client;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var remote = client.remote(app, spec.commandLine().getErr());
        if (remote.isPresent()) {
            return print(remote.get().get("/api/v1/stats"));
        }
        try (StrokeKg kg = app.open()) {
            GraphStats s = kg.graph().stats();
            var v = kg.passageIndex().vectorProgress();
            ObjectNode all = Json.mapper().valueToTree(s);
            all.putPOJO("vectors", Map.of("passages", v.passages(), "withVectors", v.withVectors(), "done", v.done()));
            return print(all);
        }
    }

    /** The same lines whether the counts came from this process or from the server. */
    private int print(JsonNode s) {
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Output.json(s));
            return 0;
        }
        out.printf("entities  %,d%n", s.path("entities").asLong());
        print(out, s.path("entitiesByType"));
        out.printf("relations %,d%n", s.path("relations").asLong());
        print(out, s.path("relationsByType"));
        out.printf("batches   %,d%npassages  %,d%n", s.path("batches").asLong(), s.path("passages").asLong());
        out.printf("trust     relations %s; passages %s; batches %s%n", counts(s.path("relationsByTrust")),
                counts(s.path("passagesByTrust")), counts(s.path("batchesByTrust")));
        out.printf("retracted %s%n", counts(s.path("retracted")));
        JsonNode v = s.path("vectors");
        out.printf("vectors   %,d of %,d passages%s%n", v.path("withVectors").asLong(), v.path("passages").asLong(),
                v.path("done").asBoolean(true) ? "" : " (the rest are being embedded; they resume at the next start)");
        return 0;
    }

    /** As a map prints itself: {curated=12, reviewed=3}. */
    private static String counts(JsonNode counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.properties().forEach(e -> m.put(e.getKey(), e.getValue().asLong()));
        return m.toString();
    }

    private static void print(PrintWriter out, JsonNode counts) {
        counts.properties().forEach(e -> out.printf("  %-22s %,8d%n", e.getKey(), e.getValue().asLong()));
    }
}
