package org.strokekg.cli;

import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Rebuilds the Lucene entity and passage indexes from the graph. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Rebuild the search indexes from the graph.",
                "The Lucene entity and passage indexes of the data directory (the graph is the system of record; the "
                        + "indexes are derived and updated incrementally by every batch)."})
final class IndexCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (StrokeKg kg = app.open()) {
            long t0 = System.nanoTime();
            kg.rebuildIndexes();
            spec.commandLine().getOut().printf("indexes rebuilt: %,d entities, %,d passages in %.1f s%n",
                    kg.entityIndex().count(), kg.passageIndex().count(), (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
