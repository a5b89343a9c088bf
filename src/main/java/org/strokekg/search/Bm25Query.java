package org.strokekg.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.strokekg.error.NonRetriableException;

/**
 * The BM25 side of the passage search: the question's words (common ones left out of a large index), each matched in
 * title or text, dictionary terms also sought as SmartCN would have split them, and the linked entities' other names.
 */
final class Bm25Query {

    static final float TITLE_BOOST = 1.5f;
    /** A dictionary term also searched as its SmartCN split, at this weight: passages indexed before the term was known. */
    static final float FALLBACK_BOOST = 0.5f;
    private static final int MAX_QUERY_TERMS = 64;
    /**
     * The weight of a linked entity's names next to the question's own words. Small on purpose: it lets a passage that
     * names the concept differently from the question (偏瘫肩痛 for 肩膀疼痛) into the BM25 list and lifts it among
     * similar ones, without letting passages that merely name the entity push out those about what was asked (BM25's
     * idf already makes a name every passage uses, such as 脑卒中, count for little). On the labelled set (78
     * questions; evidence recall, pipeline / hybrid passages): without names 0.860 / 0.787; 0.02–0.05: 0.872 / 0.805;
     * 0.1: 0.864 / 0.796; 0.3 (scaled by the entity's specificity): 0.841 / 0.767; 1: 0.837 / 0.760.
     */
    static final float NAME_WEIGHT = 0.05f;
    /**
     * A question word found in more than this share of the passages (的, 是, 怎么) is left out of the BM25 query: its
     * weight is near nothing, while scoring its postings was a good part of a long question's search. Dictionary terms
     * always stay. The labelled set's recall is the same with and without (0.860 / 0.787 / 0.660), and so it is below
     * {@value #COMMON_MIN_DOCS} passages, where shares say little.
     */
    static final double COMMON_SHARE = 0.5;
    static final int COMMON_MIN_DOCS = 100;

    /** Linked names' queries kept per reader. */
    static final int MAX_CACHED_NAMES = 20_000;
    private static final String TEXT = PassageIndex.TEXT;
    private static final String TITLE = PassageIndex.TITLE;

    private final StrokeAnalyzer analyzer;

    Bm25Query(StrokeAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * A bag of the question's terms, each matched in title (boosted) or text, whichever scores higher. A dictionary
     * term is also sought as the phrase SmartCN alone would have made of it, at lower weight, so that passages indexed
     * before the term entered the dictionary still match.
     */
    /**
     * The question's words, and for each linked entity its other names as one more clause: the best-matching name
     * counts (a passage naming a concept twice, or by two of its names, is not counted twice), at
     * {@link #NAME_WEIGHT}. Null when there is nothing to search.
     */
    Query query(String text, List<List<String>> linkedNames, IndexReader reader, Map<String, Optional<Query>> nameCache)
            throws IOException {
        Optional<Query> words = wordsQuery(text, reader);
        List<Query> names = new ArrayList<>();
        for (List<String> entityNames : linkedNames) {
            List<Query> alternatives = new ArrayList<>();
            for (String name : entityNames) {
                nameQuery(name, reader, nameCache).ifPresent(alternatives::add);
            }
            if (!alternatives.isEmpty()) {
                names.add(new BoostQuery(new DisjunctionMaxQuery(alternatives, 0f), NAME_WEIGHT));
            }
        }
        if (names.isEmpty()) {
            return words.orElse(null);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        words.ifPresent(q -> b.add(q, BooleanClause.Occur.SHOULD));
        names.forEach(q -> b.add(q, BooleanClause.Occur.SHOULD));
        return b.build();
    }

    /** A linked name's query, analysed once per reader ({@code nameCache} is the reader's). */
    private Optional<Query> nameQuery(String name, IndexReader reader, Map<String, Optional<Query>> nameCache)
            throws IOException {
        Optional<Query> known = nameCache.get(name);
        if (known != null) {
            return known;
        }
        Optional<Query> q = wordsQuery(name, reader);
        if (nameCache.size() < MAX_CACHED_NAMES) {
            nameCache.put(name, q);
        }
        return q;
    }

    private Optional<Query> wordsQuery(String text, IndexReader reader) throws IOException {
        Set<String> terms = new LinkedHashSet<>();
        Set<String> dictTerms = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            TypeAttribute type = ts.addAttribute(TypeAttribute.class);
            ts.reset();
            while (ts.incrementToken() && terms.size() < MAX_QUERY_TERMS) {
                terms.add(term.toString());
                if (StrokeTokenizer.DICT.equals(type.type())) {
                    dictTerms.add(term.toString());
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new NonRetriableException("analysing the question failed: " + e.getMessage(), e);
        }
        if (terms.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int n = reader.numDocs();
        Set<String> common = new java.util.HashSet<>();
        if (n >= COMMON_MIN_DOCS) {
            for (String t : terms) {
                if (!dictTerms.contains(t) && reader.docFreq(new Term(TEXT, t)) > COMMON_SHARE * n) {
                    common.add(t);
                }
            }
            if (common.size() == terms.size()) {
                common.clear();     // a question of common words only is still searched by them
            }
        }
        for (String t : terms) {
            if (common.contains(t)) {
                continue;
            }
            b.add(new DisjunctionMaxQuery(List.of(new TermQuery(new Term(TEXT, t)),
                    new BoostQuery(new TermQuery(new Term(TITLE, t)), TITLE_BOOST)), 0.1f), BooleanClause.Occur.SHOULD);
        }
        for (String t : dictTerms) {
            List<String> parts = analyzer.fallbackWords(t);
            if (parts.size() >= 2 && parts.size() <= 8) {
                PhraseQuery.Builder phrase = new PhraseQuery.Builder();
                parts.forEach(p -> phrase.add(new Term(TEXT, p)));
                b.add(new BoostQuery(phrase.build(), FALLBACK_BOOST), BooleanClause.Occur.SHOULD);
            }
        }
        return Optional.of(b.build());
    }
}
