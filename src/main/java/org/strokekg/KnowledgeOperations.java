package org.strokekg;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.strokekg.backup.Backup;
import org.strokekg.backup.Export;
import org.strokekg.graph.EntityProfiles;
import org.strokekg.ingest.resolve.DuplicateFinder;
import org.strokekg.ingest.resolve.DuplicatePair;
import org.strokekg.server.Operations;

/** Backup, export and duplicates over the open services, for the server's routes and the command line alike. */
final class KnowledgeOperations implements Operations {

    private final StrokeKg kg;

    KnowledgeOperations(StrokeKg kg) {
        this.kg = kg;
    }

    @Override
    public String backup(OutputStream out, String curator) {
        // no load, undo or merge of this process is half in the archive
        Backup.Summary s = kg.curation().withoutWrites(() -> Backup.write(kg.store(), out));
        return s.nodes() + " nodes, " + s.relationships() + " relationships";
    }

    @Override
    public String export(OutputStream out) throws IOException {
        Export.Counts c = Export.toZip(kg.store(), out);
        return c.entities() + " entities, " + c.relations() + " relations, " + c.passages() + " passages";
    }

    @Override
    public List<DuplicatePair> duplicates(Optional<String> type, double minScore, int limit) {
        return new DuplicateFinder(new EntityProfiles(kg.store()), kg.vocabulary()).find(type, minScore, limit);
    }
}
