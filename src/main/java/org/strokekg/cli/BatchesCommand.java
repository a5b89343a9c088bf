package org.strokekg.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.graph.BatchInfo;
import org.strokekg.graph.BatchStore;
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

        @Option(names = "--limit", defaultValue = "100", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (StrokeKg kg = app.open()) {
                var batches = kg.curation().batches(limit);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Output.json(batches));
                    return 0;
                }
                for (BatchInfo b : batches) {
                    out.printf("%s  %-10s %-10s %s  %-14s %s  %s%s%n", b.id(), b.kind(), b.trust().id(), b.createdAt(),
                            b.curator(), b.label(), b.counts(), b.reason().map(r -> "  reason: " + r).orElse(""));
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one batch.")
    static final class Show implements Callable<Integer> {
        @Mixin
        AppOptions app;

        @Parameters(paramLabel = "ID", description = "batch id")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
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

        @Parameters(paramLabel = "ID", description = "batch id")
        String id;

        @Option(names = "--curator", defaultValue = "${sys:user.name}",
                description = "curator recorded in the audit trail (default: your user name)")
        String curator;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (StrokeKg kg = app.open()) {
                BatchStore.UndoResult r = kg.curation().undo(id, curator);
                spec.commandLine().getOut().printf("batch %s deleted: %d relations and %d entities removed, "
                        + "%d relations kept (other batches assert them, or a decision on them was withdrawn), "
                        + "%d passages removed%n", r.batchId(), r.relationsDeleted(), r.entitiesDeleted(),
                        r.relationsKept(), r.passagesDeleted());
                return 0;
            }
        }
    }
}
