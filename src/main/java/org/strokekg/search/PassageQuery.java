package org.strokekg.search;

import java.util.Objects;
import java.util.Set;

/**
 * A passage search.
 *
 * @param linkedEntityIds the entities linked in the question (from {@link EntityIndex#link}); empty for no boost
 * @param k how many passages to return, 1 to 100
 */
public record PassageQuery(String text, Set<String> linkedEntityIds, int k, Mode mode) {

    /** Which retrievers run. Every mode applies the graph-aware boost when entities are linked. */
    public enum Mode {
        /** BM25 and dense kNN, fused by reciprocal rank. */
        HYBRID,
        /** BM25 over title and text only (the evaluation baseline). */
        BM25,
        /** Dense kNN over bge-small-zh vectors only. */
        DENSE
    }

    public PassageQuery {
        Objects.requireNonNull(text, "text");
        linkedEntityIds = Set.copyOf(linkedEntityIds);
        Objects.requireNonNull(mode, "mode");
        if (k < 1 || k > 100) {
            throw new IllegalArgumentException("k must be between 1 and 100: " + k);
        }
    }

    public static PassageQuery hybrid(String text, Set<String> linkedEntityIds, int k) {
        return new PassageQuery(text, linkedEntityIds, k, Mode.HYBRID);
    }
}
