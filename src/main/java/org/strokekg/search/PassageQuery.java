package org.strokekg.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.strokekg.text.TextNormalizer;
import org.strokekg.trust.Trust;

/**
 * A passage search.
 *
 * @param linkedEntityIds the entities linked in the question (from {@link EntityIndex#link}); empty for no boost
 * @param linkedNames for each linked entity, its names (canonical name and aliases, see {@link #namesOf}), searched by
 *                    BM25 as well: a question and a passage often name one concept differently (肩膀疼痛 and 偏瘫肩痛)
 * @param k how many passages to return, 1 to 100
 * @param minTrust the level an answer may state: the search returns the k best passages and, when they are not the
 *                 same, the k best at or above this level (so unreviewed passages are found and listed without
 *                 pushing out what the answer can use); {@code UNREVIEWED} returns the k best
 */
public record PassageQuery(String text, Set<String> linkedEntityIds, List<List<String>> linkedNames, int k, Mode mode,
                           Trust minTrust) {

    /** At most this many names of one entity are searched: crawled entities can carry dozens of aliases. */
    static final int MAX_NAMES = 8;

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
        linkedNames = linkedNames.stream().map(List::copyOf).toList();
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(minTrust, "minTrust");
        if (k < 1 || k > 100) {
            throw new IllegalArgumentException("k must be between 1 and 100: " + k);
        }
    }

    /** A search with no entity names (linked entities only boost), any level. */
    public PassageQuery(String text, Set<String> linkedEntityIds, int k, Mode mode) {
        this(text, linkedEntityIds, List.of(), k, mode, Trust.UNREVIEWED);
    }

    /** A search with entity names, any level. */
    public PassageQuery(String text, Set<String> linkedEntityIds, List<List<String>> linkedNames, int k, Mode mode) {
        this(text, linkedEntityIds, linkedNames, k, mode, Trust.UNREVIEWED);
    }

    /** The same search, keeping room for the k best passages of at least {@code level}. */
    public PassageQuery withMinTrust(Trust level) {
        return new PassageQuery(text, linkedEntityIds, linkedNames, k, mode, level);
    }

    public static PassageQuery hybrid(String text, Set<String> linkedEntityIds, int k) {
        return new PassageQuery(text, linkedEntityIds, k, Mode.HYBRID);
    }

    /**
     * A search boosted by the linked entities and searching their names too: their records are read from
     * {@code entities} (an id no longer there is skipped).
     */
    public static PassageQuery linked(String text, Collection<String> linkedEntityIds, EntityIndex entities, int k,
                                      Mode mode) {
        List<List<String>> names = linkedEntityIds.stream().distinct().flatMap(id -> entities.names(id).stream())
                .toList();
        return new PassageQuery(text, Set.copyOf(linkedEntityIds), searchable(names, text), k, mode);
    }

    /**
     * The linked entities' names worth searching besides the question's words: the canonical name and aliases, folded
     * for matching, without those the question already contains, at most {@value #MAX_NAMES} an entity.
     */
    static List<List<String>> namesOf(List<EntityDoc> linked, String question) {
        return searchable(linked.stream().map(e -> Stream.concat(Stream.of(e.name()), e.aliases().stream())
                .map(TextNormalizer::forMatching).toList()).toList(), question);
    }

    /** Of each entity's folded names, those worth searching (see {@link #namesOf}). */
    private static List<List<String>> searchable(List<List<String>> foldedNames, String question) {
        String q = TextNormalizer.forMatching(question);
        List<List<String>> out = new ArrayList<>();
        for (List<String> folded : foldedNames) {
            List<String> names = folded.stream()
                    .filter(n -> !n.isBlank() && !q.contains(n))
                    .distinct()
                    .limit(MAX_NAMES)
                    .toList();
            if (!names.isEmpty()) {
                out.add(names);
            }
        }
        return out;
    }
}
