package org.strokekg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.server.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Merges entity B into entity A, as a batch that {@code batches delete} undoes. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Merge entity B into entity A.",
                "B's relations, name, aliases and passages move to A, and B is deleted. Recorded as a batch of kind "
                        + "merge; undo it with: strokekg batches delete BATCH_ID."})
final class MergeCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", paramLabel = "A", description = "id of the entity that stays")
    String into;

    @Parameters(index = "1", paramLabel = "B", description = "id of the entity merged into A (it is deleted)")
    String from;

    @Option(names = "--curator", defaultValue = "${sys:user.name}", description = "curator recorded on the batch (default: your user name)")
    String curator;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var remote = client.remote(app, spec.commandLine().getErr());
        if (remote.isPresent()) {
            ClientOptions.curatorFromKey(spec);
            return print(remote.get().postJson("/api/v1/entities/" + Remote.segment(into) + "/merge",
                    Map.of("from", from)));
        }
        try (StrokeKg kg = app.open()) {
            return print(Json.mapper().valueToTree(kg.curation().merge(into, from, curator)));
        }
    }

    /** The same lines whether the merge ran in this process or on the server. */
    private int print(JsonNode r) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Output.json(r));
            return 0;
        }
        out.printf("merged %s %s into %s %s as batch %s: %d relations moved, %d folded into existing ones, "
                + "%d dropped (they joined the two), %d aliases added, %d passages repointed%n", r.path("fromId").asText(),
                r.path("fromName").asText(), r.path("intoId").asText(), r.path("intoName").asText(),
                r.path("batchId").asText(), r.path("relationsMoved").asLong(), r.path("relationsFolded").asLong(),
                r.path("relationsDropped").asLong(), r.path("aliasesAdded").asLong(), r.path("passagesRepointed").asLong());
        out.printf("undo with: strokekg batches delete %s%n", r.path("batchId").asText());
        return 0;
    }
}
