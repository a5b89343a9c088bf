/**
 * The knowledge graph: the embedded Neo4j server (Bolt on 127.0.0.1, behind the data directory's generated password),
 * the driver session that every other part uses
 * (so the same code runs against an external server or a cluster), the schema files, the vocabulary of types and predicates,
 * the queries (search, detail, neighbourhood, paths, stats, batches, entity profiles) with their read caches, batch
 * commit and undo, entity merges included, trust levels and curators' reviews and retractions of single facts
 * ({@code TrustLevels}, {@code Decisions}), the audit trail and the batch stamp indexes record. Cypher is constant
 * text with parameters. Depends on {@code text}, {@code trust} and {@code error}.
 */
package org.strokekg.graph;
