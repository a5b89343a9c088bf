package org.strokekg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.Decisions;
import org.strokekg.server.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strokekg review ID…} and {@code strokekg retract ID… --reason …}: a curator's decision on single relations,
 * entities or passages, recorded as a batch that {@code strokekg batches delete} undoes.
 */
final class DecideCommand {

    private DecideCommand() {
    }

    /** The options both commands share. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        AppOptions app;

        @Mixin
        ClientOptions client;

        @Parameters(arity = "1..*", paramLabel = "ID", description = {"relation (r-…), entity or passage ids; write",
                "entity:ID or passage:ID where an id names both"})
        List<String> ids;

        @Option(names = "--curator", defaultValue = "${sys:user.name}",
                description = "curator recorded on the batch (default: your user name)")
        String curator;

        @Option(names = "--json", description = "print the result as JSON")
        boolean json;

        @Spec
        CommandSpec spec;

        abstract Decisions.Result decide(StrokeKg kg);

        /** The server's route for this decision ({@code /api/v1/reviews} or {@code /api/v1/retractions}). */
        abstract String route();

        abstract Optional<String> reason();

        @Override
        public Integer call() {
            var remote = client.remote(app, spec.commandLine().getErr());
            if (remote.isPresent()) {
                ClientOptions.curatorFromKey(spec);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ids", ids);
                reason().ifPresent(r -> body.put("reason", r));
                return print(remote.get().postJson(route(), body));
            }
            try (StrokeKg kg = app.open()) {
                return print(Json.mapper().valueToTree(decide(kg)));
            }
        }

        /** The same lines whether the decision was made in this process or by the server. */
        private int print(JsonNode r) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Output.json(r));
                return 0;
            }
            String reason = r.path("reason").asText("");
            out.printf("%s %s by %s: %d relations, %d entities, %d passages%s%n", r.path("kind").asText(),
                    r.path("batchId").asText(), r.path("curator").asText(), r.path("relations").asLong(),
                    r.path("entities").asLong(), r.path("passages").asLong(), reason.isEmpty() ? "" : " (" + reason + ")");
            out.printf("undo with: strokekg batches delete %s%n", r.path("batchId").asText());
            return 0;
        }
    }

    @Command(name = "review", mixinStandardHelpOptions = true,
            description = {"Mark relations, entities or passages as reviewed, fit to state.",
                    "One batch of kind review, audited with its curator and reason; it still holds when their source "
                            + "file is loaded again."})
    static final class Review extends Base {
        @Option(names = "--reason", description = "a note kept with the review")
        String reason;

        @Override
        Decisions.Result decide(StrokeKg kg) {
            return kg.curation().review(ids, curator, Optional.ofNullable(reason));
        }

        @Override
        String route() {
            return "/api/v1/reviews";
        }

        @Override
        Optional<String> reason() {
            return Optional.ofNullable(reason);
        }
    }

    @Command(name = "retract", mixinStandardHelpOptions = true,
            description = {"Retract relations, entities or passages from reads and answers.",
                    "An entity goes with every relation it is in; one batch of kind retraction, audited with its "
                            + "curator and reason; it holds when their source file is loaded again, until undone."})
    static final class Retract extends Base {
        @Option(names = "--reason", required = true, description = "why (required; kept with the batch)")
        String reason;

        @Override
        Decisions.Result decide(StrokeKg kg) {
            if (reason == null || reason.isBlank()) {
                throw new InvalidInputException("--reason", "a retraction needs the curator's reason");
            }
            return kg.curation().retract(ids, curator, reason);
        }

        @Override
        String route() {
            return "/api/v1/retractions";
        }

        @Override
        Optional<String> reason() {
            if (reason == null || reason.isBlank()) {
                throw new InvalidInputException("--reason", "a retraction needs the curator's reason");
            }
            return Optional.of(reason);
        }
    }
}
