/**
 * The knowledge graph: the embedded Neo4j server (Bolt on 127.0.0.1, behind the data directory's generated password),
 * the driver session that every other part uses
 * (so the same code runs against an external server or a cluster), the schema files, the vocabulary of types and predicates,
 * the queries (search, detail, neighbourhood, paths, stats, batches, entity profiles) with their read caches, batch
 * commit and undo, entity merges included, the audit trail and the batch stamp indexes record, and the ingest
 * benchmark's floor ({@code StoreFloor}, the one place that
 * writes through Neo4j's own Java API, into databases of its own). Cypher is constant text with parameters.
 * Depends on {@code text} and {@code error}.
 */
package org.strokekg.graph;
