/**
 * Lucene: the analyzer (a dictionary of the graph's names ahead of SmartChineseAnalyzer), the entity index used for linking,
 * the passage index with BM25 and dense vectors (bge-small-zh, HNSW) fused by reciprocal rank, each passage with its
 * trust level, vectors of bulk loads embedded in the background (and {@code VectorWait}, a command's wait for them),
 * and the embedding model.
 * Depends on {@code text}, {@code trust} and {@code error}; never on Neo4j or {@code graph}.
 */
package org.strokekg.search;
