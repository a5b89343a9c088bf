package org.strokekg.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.strokekg.ingest.resolve.DuplicatePair;

/**
 * What an operator or the command line asks of a running server beyond the read and curator API: a backup of the
 * whole knowledge, an export of re-loadable files, the likely duplicates. Built by the composition root.
 */
public interface Operations {

    /** Writes the backup archive to {@code out}; no curator write runs meanwhile. Returns a one-line summary. */
    String backup(OutputStream out, String curator) throws IOException;

    /** Writes the export (entities.tsv, triples.tsv, provenance.tsv, passages.jsonl) as one zip to {@code out}. */
    String export(OutputStream out) throws IOException;

    /** Likely duplicate entities, best first. */
    List<DuplicatePair> duplicates(Optional<String> type, double minScore, int limit);
}
