package org.strokekg.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.graph.EntityProfiles;
import org.strokekg.ingest.resolve.DuplicateFinder;
import org.strokekg.ingest.resolve.DuplicatePair;
import org.strokekg.server.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists likely duplicate entities with the evidence, for a curator to confirm with {@code strokekg merge}. */
@Command(name = "duplicates", mixinStandardHelpOptions = true,
        description = {"List likely duplicate entities; nothing is changed.",
                "Within one type group (same normalised name, a name that is the other's alias, shared aliases, a "
                        + "generic suffix, weakly name containment), best first, with the evidence and the merge command "
                        + "to run."})
final class DuplicatesCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ClientOptions client;

    @Option(names = "--type", description = "only pairs where one entity has this type, e.g. Disease")
    String type;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many pairs (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--min-score", defaultValue = "0.5", description = "leave out pairs scoring less (default: ${DEFAULT-VALUE})")
    double minScore;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var remote = client.remote(app, spec.commandLine().getErr());
        if (remote.isPresent()) {
            JsonNode body = remote.get().get("/api/v1/duplicates?minScore=" + minScore + "&limit=" + limit
                    + (type == null ? "" : "&type=" + Remote.segment(type)));
            return print(Json.mapper().convertValue(body.path("pairs"),
                    new TypeReference<List<DuplicatePair>>() { }));
        }
        try (StrokeKg kg = app.open()) {
            return print(new DuplicateFinder(new EntityProfiles(kg.store()), kg.vocabulary())
                    .find(Optional.ofNullable(type), minScore, limit));
        }
    }

    /** The same lines whether the pairs were found in this process or by the server. */
    private int print(List<DuplicatePair> pairs) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Output.json(Map.of("pairs", pairs)));
            return 0;
        }
        if (pairs.isEmpty()) {
            out.println("no likely duplicates (score >= " + minScore + ")");
            return 0;
        }
        for (DuplicatePair p : pairs) {
            out.printf("%.2f  keep %s %s (%s, %d relations)  <-  merge %s %s (%s, %d relations)%n", p.score(),
                    p.keep().id(), p.keep().name(), p.keep().type(), p.keep().relations(), p.merge().id(),
                    p.merge().name(), p.merge().type(), p.merge().relations());
            p.reasons().forEach(r -> out.println("      - " + r));
            out.println("      " + p.command());
        }
        out.printf("%d pair(s); confirm each before merging: a merge is a batch, undone with strokekg batches delete ID%n",
                pairs.size());
        return 0;
    }
}
