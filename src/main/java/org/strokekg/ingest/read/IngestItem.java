package org.strokekg.ingest.read;

/** One accepted thing a curator file holds: a triple, an entity, an alias or a passage. */
public sealed interface IngestItem permits Triple, EntityRow, AliasRow, PassageRow {

    /** Where this item says it comes from (a guideline, a textbook, a crawl and record). */
    String source();
}
