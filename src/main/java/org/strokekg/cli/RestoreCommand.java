package org.strokekg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.backup.Backup;
import org.strokekg.error.InvalidInputException;
import org.strokekg.search.VectorWait;
import org.strokekg.server.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Rebuilds a backup into an empty data directory or an empty external Neo4j, then the search indexes. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Rebuild a backup into an empty data directory or Neo4j database.",
                "The graph must hold nothing (the curated seed is not loaded first); the search indexes are rebuilt "
                        + "from it. Stop any server on the data directory first."})
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Parameters(paramLabel = "FILE", description = "the archive 'backup' wrote")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("FILE", "no such file: " + file);
        }
        Backup.Summary manifest = Backup.manifest(file);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("restoring %s (%s, %,d nodes, %,d relationships)%n", file, manifest.createdAt(), manifest.nodes(),
                manifest.relationships());
        Config config = AppOptions.configured(() -> app.config().withoutSeed());
        long t0 = System.nanoTime();
        try (StrokeKg kg = StrokeKg.open(config, new Readiness())) {
            AppOptions.announcePassword(kg, err);
            Backup.Summary s = Backup.restore(file, kg.store(), err::println);
            err.println("restore: rebuilding the search indexes");
            kg.rebuildIndexes();
            VectorWait.await(kg.passageIndex(), err); // a restore ends with search complete, vectors included
            out.printf("restored %,d nodes and %,d relationships into %s in %.1f s; indexes rebuilt%n", s.nodes(),
                    s.relationships(), config.embedded() ? config.dataDir() : config.neo4jUri().orElseThrow(),
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}
