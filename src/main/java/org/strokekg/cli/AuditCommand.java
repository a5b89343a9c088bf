package org.strokekg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.server.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the audit trail: every curator write with its time, curator, action, target and outcome, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the audit trail of curator writes (load, undo, merge…).",
                "Each with its time, curator, target and outcome, newest first. 'pending' means the write was under "
                        + "way or its process died."})
final class AuditCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ClientOptions client;

    @Option(names = "--limit", defaultValue = "100", description = "at most this many (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--curator", description = "only this curator's writes")
    String curator;

    @Option(names = "--action", description = "only this action (load, undo, merge…)")
    String action;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 100_000) {
            throw new InvalidInputException("--limit", "must be between 1 and 100000");
        }
        var remote = client.remote(app, spec.commandLine().getErr());
        if (remote.isPresent()) {
            if (limit > 1000) {
                throw new InvalidInputException("--limit", "a running server gives at most 1000 events at a time");
            }
            String query = "/api/v1/audit?limit=" + limit
                    + (curator == null ? "" : "&curator=" + Remote.segment(curator))
                    + (action == null ? "" : "&action=" + Remote.segment(action));
            return print(remote.get().get(query).path("events"));
        }
        try (StrokeKg kg = app.open()) {
            return print(Json.mapper().valueToTree(kg.curation().audit(limit, Optional.ofNullable(curator),
                    Optional.ofNullable(action))));
        }
    }

    /** The same lines whether the trail came from this process or from the server. */
    private int print(JsonNode events) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Output.json(events));
            return 0;
        }
        for (JsonNode e : events) {
            out.printf("%s  %-14s %-6s %-22s %-10s %s%n", e.path("at").asText(), e.path("curator").asText(),
                    e.path("action").asText(), e.path("target").asText(), e.path("outcome").asText(),
                    e.path("detail").asText());
        }
        return 0;
    }
}
