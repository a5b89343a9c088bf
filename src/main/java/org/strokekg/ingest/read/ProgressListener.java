package org.strokekg.ingest.read;

/** Told how far reading has got, so the CLI can draw a progress bar. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (bytesRead, totalBytes) -> { };

    /**
     * Called from the reading thread every few hundred kilobytes and once at the end.
     *
     * @param totalBytes the size of the input, or -1 when unknown (a request body without length)
     */
    void progress(long bytesRead, long totalBytes);
}
