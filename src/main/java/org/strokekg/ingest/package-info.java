/**
 * Curator ingest: the triple, entity, alias and passage records, streaming readers (CSV, TSV, JSONL, Markdown passages, the xywy crawl
 * with its prose as passages and the crawl rules), validation with line numbers, entity resolution, the batch loader that writes
 * all-or-nothing at a trust level with provenance and undoes by batch id (every write audited, through {@code AuditedWrites}),
 * entity merges, reviews and retractions of single facts, and the duplicates report.
 * Depends on {@code graph}, {@code search} (to keep the indexes in step), {@code text}, {@code trust} and {@code error}.
 */
package org.strokekg.ingest;
