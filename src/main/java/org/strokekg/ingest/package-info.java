/**
 * Curator ingest: the triple, entity, alias and passage records, streaming readers (CSV, TSV, JSONL, Markdown passages, the xywy crawl),
 * validation with line numbers, entity resolution, the batch loader that writes all-or-nothing with provenance and undoes by batch id
 * (every write audited, through {@code AuditedWrites}),
 * entity merges, and the duplicates report.
 * Depends on {@code graph}, {@code search} (to keep the indexes in step), {@code text} and {@code error}.
 */
package org.strokekg.ingest;
