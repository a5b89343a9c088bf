package org.strokekg.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.backup.Backup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One portable archive of the whole knowledge, from the running server or from the store opened here. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write the whole knowledge to one portable archive.",
                "Entities, relations, passages, batches with provenance, trust, reviews and retractions, merges and "
                        + "the audit trail (a zip of JSON lines); 'restore' rebuilds it into an empty data directory or "
                        + "Neo4j. While a server runs it makes the archive (curator key: STROKEKG_CURATOR_KEY)."})
final class BackupCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Mixin
    ClientOptions client;

    @Option(names = "--out", required = true, description = "the archive to write, e.g. strokekg-backup.zip")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path target = out.toAbsolutePath();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        // written beside the target and moved in whole: a failed backup never leaves a partial archive under its name
        Path partial = Files.createTempFile(target.getParent(), ".backup-", ".part");
        try {
            var remote = client.remote(app, spec.commandLine().getErr());
            if (remote.isPresent()) {
                remote.get().download("/api/v1/backup", partial);
            } else {
                try (StrokeKg kg = app.open(); OutputStream o = Files.newOutputStream(partial)) {
                    kg.curation().withoutWrites(() -> Backup.write(kg.store(), o));
                }
            }
            Backup.Summary s = Backup.manifest(partial); // what was written reads back
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().printf("backup %s: %,d nodes (%s), %,d relationships, %,d bytes%n", target,
                    s.nodes(), s.labels(), s.relationships(), Files.size(target));
            return 0;
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
