package org.strokekg.ingest.read;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** A reader of one format: yields the items of one record (one line, or one crawl record) per call. */
interface RecordReader extends Closeable {

    /** Appends the items of the next record to {@code out}; false once the input is exhausted. */
    boolean next(List<Parsed<IngestItem>> out) throws IOException;

    /** Physical lines read so far. */
    long lines();
}
