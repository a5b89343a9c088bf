/**
 * Backup and restore of the whole knowledge as one portable archive: every node and relationship of the graph with
 * every property — entities, relations, passages, batches and their provenance, trust, reviews and retractions,
 * merges and their undo snapshots, the audit trail — read through the driver, so the same archive comes from and goes
 * to the embedded graph, an external Neo4j or a cluster. The search indexes are not in it: they are rebuilt from the
 * graph after a restore. Depends on {@code graph} and {@code error}.
 */
package org.strokekg.backup;
