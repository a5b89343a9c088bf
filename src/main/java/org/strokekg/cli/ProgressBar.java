package org.strokekg.cli;

import java.io.PrintWriter;
import org.strokekg.ingest.read.ProgressListener;

/** A one-line progress bar on stderr for loads over a megabyte; silent for small files. */
final class ProgressBar implements ProgressListener, AutoCloseable {

    private static final long MIN_BYTES = 1L << 20;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final long total;
    private int shown = -1;

    ProgressBar(PrintWriter err, long total) {
        this.err = err;
        this.total = total;
    }

    @Override
    public void progress(long bytesRead, long totalBytes) {
        long all = totalBytes > 0 ? totalBytes : total;
        if (all < MIN_BYTES) {
            return;
        }
        int percent = (int) Math.min(100, bytesRead * 100 / all);
        if (percent == shown) {
            return;
        }
        shown = percent;
        int filled = percent * WIDTH / 100;
        err.printf("\r  reading [%s%s] %3d%% %,d KB", "#".repeat(filled), " ".repeat(WIDTH - filled), percent,
                bytesRead >> 10);
        err.flush();
    }

    @Override
    public void close() {
        if (shown >= 0) {
            err.println();
            err.flush();
        }
    }
}
