package org.strokekg.cli;

import java.util.Map;
import java.util.TreeMap;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import com.fasterxml.jackson.databind.JsonNode;
import org.strokekg.server.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** List, show and delete (undo) batches. */
@Command(name = "batches", mixinStandardHelpOptions = true, description = "List, show and delete (undo) batches.",
        subcommands = {BatchesCommand.List.class, BatchesCommand.Show.class, BatchesCommand.Delete.class})
final class BatchesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List batches, newest first.")
    static final class List implements Callable<Integer> {
        @Mixin
        AppOptions app;

        @Mixin
        ClientOptions client;

        @Option(names = "--limit", defaultValue = "100", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var remote = client.remote(app, spec.commandLine().getErr());
            if (remote.isPresent()) {
                return print(remote.get().get("/api/v1/batches?limit=" + limit).path("batches"));
            }
            try (StrokeKg kg = app.open()) {
                return print(Json.mapper().valueToTree(kg.curation().batches(limit)));
            }
        }

        private int print(JsonNode batches) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Output.json(batches));
                return 0;
            }
            for (JsonNode b : batches) {
                Map<String, Long> counts = new TreeMap<>();
                b.path("counts").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
                String reason = b.path("reason").asText("");
                out.printf("%s  %-10s %-10s %s  %-14s %s  %s%s%n", b.path("id").asText(), b.path("kind").asText(),
                        b.path("trust").asText(), b.path("createdAt").asText(), b.path("curator").asText(),
                        b.path("label").asText(), counts, reason.isEmpty() ? "" : "  reason: " + reason);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one batch.")
    static final class Show implements Callable<Integer> {
        @Mixin
        AppOptions app;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "batch id")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var remote = client.remote(app, spec.commandLine().getErr());
            if (remote.isPresent()) {
                spec.commandLine().getOut().println(Output.json(remote.get().get("/api/v1/batches/" + Remote.segment(id))));
                return 0;
            }
            try (StrokeKg kg = app.open()) {
                spec.commandLine().getOut().println(Output.json(kg.curation().batch(id)));
                return 0;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Undo a batch: remove exactly what it added.",
                    "Its relations, and the entities that no other batch uses."})
    static final class Delete implements Callable<Integer> {
        @Mixin
        AppOptions app;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "batch id")
        String id;

        @Option(names = "--curator", defaultValue = "${sys:user.name}",
                description = "curator recorded in the audit trail (default: your user name)")
        String curator;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var remote = client.remote(app, spec.commandLine().getErr());
            if (remote.isPresent()) {
                ClientOptions.curatorFromKey(spec);
                return print(remote.get().delete("/api/v1/batches/" + Remote.segment(id)));
            }
            try (StrokeKg kg = app.open()) {
                return print(Json.mapper().valueToTree(kg.curation().undo(id, curator)));
            }
        }

        private int print(JsonNode r) {
            spec.commandLine().getOut().printf("batch %s deleted: %d relations and %d entities removed, "
                    + "%d relations kept (other batches assert them, or a decision on them was withdrawn), "
                    + "%d passages removed%n", r.path("batchId").asText(),
                    r.path("relationsDeleted").asLong(), r.path("entitiesDeleted").asLong(),
                    r.path("relationsKept").asLong(), r.path("passagesDeleted").asLong());
            return 0;
        }
    }
}
