/**
 * Lucene: the analyzer (a dictionary of the graph's names ahead of SmartChineseAnalyzer), the entity index used for linking,
 * the passage index with BM25 and dense vectors (bge-small-zh, HNSW) fused by reciprocal rank, and the embedding model.
 * Depends on {@code text} and {@code error}; never on Neo4j.
 */
package org.strokekg.search;
