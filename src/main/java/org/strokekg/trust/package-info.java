/**
 * Trust levels: how far a fact, an entity's contribution or a passage has been checked ({@code curated},
 * {@code reviewed}, {@code unreviewed}). Its own package, depending on nothing, because both {@code graph} (batches,
 * relations, entities) and {@code search} (passages in Lucene) carry a level and {@code search} must never depend on
 * {@code graph}; {@code rag}, {@code ingest}, {@code server} and {@code cli} read and set it through the same type.
 */
package org.strokekg.trust;
