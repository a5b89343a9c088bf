package org.strokekg.cli;

import java.io.PrintWriter;
import org.strokekg.server.Json;
import com.fasterxml.jackson.databind.JsonNode;
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
            return print(Json.mapper().valueToTree(s));
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
        return 0;
    }

    private static void print(PrintWriter out, JsonNode counts) {
        counts.properties().forEach(e -> out.printf("  %-22s %,8d%n", e.getKey(), e.getValue().asLong()));
    }
}
