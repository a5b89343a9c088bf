package org.strokekg.search;

import java.util.OptionalInt;

/**
 * One retrieved passage.
 *
 * @param score the fused score: Σ 1/(60 + rank) over the retrievers that found it, plus the graph boost
 * @param bm25Rank its 1-based rank in the BM25 list, when BM25 found it
 * @param denseRank its 1-based rank in the dense list, when the dense retriever found it
 * @param boosted whether it names one of the question's linked entities
 */
public record PassageHit(PassageDoc doc, double score, OptionalInt bm25Rank, OptionalInt denseRank, boolean boosted) {
}
