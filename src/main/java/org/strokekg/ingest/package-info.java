/**
 * Curator ingest: the batch loader that writes all-or-nothing at a trust level with provenance and undoes by batch id
 * ({@code Curation}, every write audited through {@code AuditedWrites}; {@code BatchPlanner} turns what was read into
 * what a batch writes, with the crawl rules), entity merges, reviews and retractions of single facts, and the curated
 * seed. Its parts: {@code ingest.read} (the formats, their streaming readers and validation with line numbers) and
 * {@code ingest.resolve} (which entity a written name means, and the duplicates report); this package depends on both,
 * neither on it nor on each other. Depends on {@code graph}, {@code text}, {@code trust} and {@code error}; keeps the
 * search indexes in step only through {@code IndexSync}, which the composition root implements.
 */
package org.strokekg.ingest;
