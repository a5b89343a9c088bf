package org.strokekg.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.strokekg.text.TextNormalizer;

/**
 * The search box: exact key, then keys starting with the query, then keys containing it, then fuzzy matches, each tier
 * ranked by how much of the key the query covers; both scripts and case fold to one key, so 中風 finds 中风. The first
 * three tiers run on the dictionary's sorted key table (a binary search and one scan of about 100k short strings);
 * the fuzzy tier asks Lucene (FuzzyQuery for Latin, character bigrams for Chinese).
 */
final class EntitySearch {

    private static final double FUZZY_LATIN_MIN = 0.6;
    private static final double FUZZY_DICE_MIN = 0.5;

    private record Candidate(EntityDictionary.Entry entry, EntityHit.Match match, String key, double score) {
    }

    private final EntityDictionary dict;
    private final EntityLinker fuzzy;

    EntitySearch(EntityDictionary dict, LuceneStore store) {
        this.dict = dict;
        this.fuzzy = new EntityLinker(dict, store);
    }

    /** Ranked hits; {@code load} fetches each hit's stored document. */
    List<EntityHit> search(String query, Optional<String> type, int limit, Function<String, Optional<EntityDoc>> load) {
        List<EntityHit> out = new ArrayList<>();
        for (Candidate c : find(query, type, limit)) {
            load.apply(c.entry().id()).ifPresent(doc -> out.add(new EntityHit(doc, c.match(), c.key(), c.score())));
        }
        return out;
    }

    private List<Candidate> find(String query, Optional<String> type, int limit) {
        String q = TextNormalizer.forMatching(query);
        Map<String, Candidate> hits = new LinkedHashMap<>();
        if (q.isEmpty() || limit <= 0) {
            return List.of();
        }
        Lexicon lex = dict.lexicon();
        int exact = lex.indexOf(q);
        if (exact >= 0) {
            for (EntityDictionary.Ref r : dict.refs(exact)) {
                offer(hits, type, new Candidate(r.entry(), EntityHit.Match.EXACT, q, 3 + (r.isName() ? 1.0 : 0.9)));
            }
        }
        if (hits.size() < limit) {
            List<Candidate> tier = new ArrayList<>();
            int[] range = lex.prefixRange(q);
            for (int t = range[0]; t < range[1]; t++) {
                if (t != exact) {
                    addTerm(tier, t, EntityHit.Match.PREFIX, 2 + (double) q.length() / lex.term(t).length());
                }
            }
            offerAll(hits, type, tier, limit);
        }
        if (hits.size() < limit) {
            List<Candidate> tier = new ArrayList<>();
            for (int t = 0; t < lex.size(); t++) {
                String term = lex.term(t);
                if (term.length() > q.length() && !term.startsWith(q) && term.contains(q)) {
                    addTerm(tier, t, EntityHit.Match.CONTAINS, 1 + (double) q.length() / term.length());
                }
            }
            offerAll(hits, type, tier, limit);
        }
        if (hits.size() < limit && q.length() >= 3) {
            offerAll(hits, type, fuzzyTier(q), limit);
        }
        return hits.values().stream().limit(limit).toList();
    }

    private List<Candidate> fuzzyTier(String q) {
        List<Candidate> tier = new ArrayList<>();
        boolean latin = Similarity.isLatin(q);
        Query query;
        if (latin) {
            query = new FuzzyQuery(new Term(EntityIndex.KEY, q), q.length() <= 5 ? 1 : 2, 0, 50, true);
        } else {
            Set<String> grams = Similarity.bigrams(q);
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            grams.forEach(g -> b.add(new TermQuery(new Term(EntityIndex.GRAM, g)), BooleanClause.Occur.SHOULD));
            b.setMinimumNumberShouldMatch(Math.max(1, (grams.size() + 1) / 2));
            query = b.build();
        }
        for (EntityDictionary.Entry e : fuzzy.candidates(query, 50)) {
            String bestKey = null;
            double best = 0;
            for (String key : e.keys()) {
                double sim = latin ? Similarity.editSimilarity(q, key) : Similarity.dice(q, key);
                if (sim > best) {
                    best = sim;
                    bestKey = key;
                }
            }
            if (bestKey != null && best >= (latin ? FUZZY_LATIN_MIN : FUZZY_DICE_MIN)) {
                tier.add(new Candidate(e, EntityHit.Match.FUZZY, bestKey, 0.99 * best));
            }
        }
        return tier;
    }

    private void addTerm(List<Candidate> tier, int term, EntityHit.Match match, double score) {
        for (EntityDictionary.Ref r : dict.refs(term)) {
            // a name outranks an alias of the same length
            tier.add(new Candidate(r.entry(), match, dict.lexicon().term(term), r.isName() ? score : score - 1e-6));
        }
    }

    private static void offerAll(Map<String, Candidate> hits, Optional<String> type, List<Candidate> tier, int limit) {
        tier.sort(Comparator.comparingDouble(Candidate::score).reversed()
                .thenComparing(Candidate::key).thenComparing(c -> c.entry().id()));
        for (Candidate c : tier) {
            if (hits.size() >= limit) {
                return;
            }
            offer(hits, type, c);
        }
    }

    private static void offer(Map<String, Candidate> hits, Optional<String> type, Candidate c) {
        if (type.isEmpty() || type.get().equals(c.entry().type())) {
            hits.putIfAbsent(c.entry().id(), c);
        }
    }
}
