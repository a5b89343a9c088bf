package org.strokekg.search;

import java.io.PrintWriter;

/**
 * Waits, with a progress line on stderr, until every passage has its vector (a bulk load embeds in the background):
 * the one wait the ingest and restore commands and the answer benchmark share.
 */
public final class VectorWait {

    private static final long POLL_MS = 2_000;

    private VectorWait() {
    }

    public static void await(PassageIndex passages, PrintWriter err) {
        PassageIndex.VectorProgress p = passages.vectorProgress();
        if (p.done()) {
            return;
        }
        long start = System.nanoTime();
        long first = p.withVectors();
        while (!p.done()) {
            double s = (System.nanoTime() - start) / 1e9;
            double rate = s > 0 ? (p.withVectors() - first) / s : 0;
            String eta = rate > 0 ? String.format(", about %.0f min left", (p.passages() - p.withVectors()) / rate / 60)
                    : "";
            err.printf("\r  embedding passages in the background: %,d of %,d (%.1f/s%s; Ctrl-C stops, a restart "
                    + "resumes)   ", p.withVectors(), p.passages(), rate, eta);
            err.flush();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            p = passages.vectorProgress();
        }
        err.printf("\r  every passage has its vector (%,d) after %.0f s%s%n", p.passages(),
                (System.nanoTime() - start) / 1e9, " ".repeat(40));
        err.flush();
    }
}
