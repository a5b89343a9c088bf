package org.strokekg.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): score(d) = Σ 1 / (K + rank(d)) over the lists
 * that contain d. It needs no score calibration between BM25 (unbounded) and cosine similarity (bounded), which is why
 * it suits a lexical and a dense retriever. K = 60 is the paper's value: large enough that rank 1 and rank 5 differ
 * only mildly (1/61 vs 1/65), so a passage both retrievers like beats one that only one retriever ranks first.
 *
 * <p>Graph-aware boost: a passage whose curated entity ids intersect the question's linked entities gets up to
 * {@link #GRAPH_BOOST} = half a first-place vote, 0.5 / (K + 1). That lifts a linked passage over unlinked ones found
 * by a single retriever at a similar rank, but not over a passage both retrievers agree on (2 / (K + r) for small r).
 * The boost is scaled by how specific the shared entity is ({@link #specificity}): 中风 is about half the corpus and says
 * little, 痉挛 singles out a few passages.
 */
final class RankFusion {

    static final int K = 60;
    static final double GRAPH_BOOST = 0.5 / (K + 1);

    record Fused(String id, double score, OptionalInt bm25Rank, OptionalInt denseRank, boolean boosted) {
        int bestRank() {
            return Math.min(bm25Rank.orElse(Integer.MAX_VALUE), denseRank.orElse(Integer.MAX_VALUE));
        }
    }

    private RankFusion() {
    }

    /**
     * An idf-like weight in (0, 1]: log(1 + n / df) / log(1 + n) for an entity named by df of the n passages; 1 for an
     * entity only one passage names, about 0.1 for one every passage names.
     */
    static double specificity(int df, int n) {
        if (df <= 0 || n <= 0) {
            return 0;
        }
        return Math.log(1 + (double) n / df) / Math.log(1 + n);
    }

    /** Fusion with a flat boost of {@link #GRAPH_BOOST} for each boosted id. */
    static List<Fused> fuse(List<String> bm25, List<String> dense, Set<String> boosted) {
        Map<String, Double> weights = new HashMap<>();
        boosted.forEach(id -> weights.put(id, 1.0));
        return fuse(bm25, dense, weights);
    }

    /**
     * @param bm25 ids in BM25 order (best first), possibly empty
     * @param dense ids in dense order, possibly empty
     * @param boost for ids that name a linked entity, the weight in (0, 1] of {@link #GRAPH_BOOST} they get
     */
    static List<Fused> fuse(List<String> bm25, List<String> dense, Map<String, Double> boost) {
        Map<String, Integer> bm25Ranks = ranks(bm25);
        Map<String, Integer> denseRanks = ranks(dense);
        Set<String> ids = new LinkedHashSet<>(bm25);
        ids.addAll(dense);
        List<Fused> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Integer b = bm25Ranks.get(id);
            Integer d = denseRanks.get(id);
            double score = (b == null ? 0 : 1.0 / (K + b)) + (d == null ? 0 : 1.0 / (K + d));
            double weight = boost.getOrDefault(id, 0.0);
            score += GRAPH_BOOST * weight;
            out.add(new Fused(id, score, b == null ? OptionalInt.empty() : OptionalInt.of(b),
                    d == null ? OptionalInt.empty() : OptionalInt.of(d), weight > 0));
        }
        out.sort(Comparator.comparingDouble(Fused::score).reversed()
                .thenComparingInt(Fused::bestRank)
                .thenComparing(Fused::id));
        return out;
    }

    private static Map<String, Integer> ranks(List<String> ids) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            out.putIfAbsent(ids.get(i), i + 1);
        }
        return out;
    }
}
