package org.strokekg.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.strokekg.text.MatchingText;
import org.strokekg.text.TextNormalizer;

/**
 * Finds the entities a question names. First the dictionary: every folded name and alias occurring in the folded
 * question, longest first, non-overlapping (腔隙性脑梗死 rather than the 脑梗死 inside it), English aliases on word
 * boundaries only. Then, only over the text no exact match covered, a fuzzy pass for near misses: FuzzyQuery on Latin
 * word n-grams (strokes → stroke, transient ischaemic attack → transient ischemic attack; two edits only for single words of
 * eight letters or more) and character-bigram overlap for Chinese runs (Dice ≥ 0.8, which
 * in practice admits a name with its last character missing or changed, 腔隙性脑梗 → 腔隙性脑梗死, and little else).
 */
final class EntityLinker {

    static final double ALIAS_SCORE = 0.9;
    static final double FUZZY_WEIGHT = 0.8;
    static final double DICE_THRESHOLD = 0.8;
    static final double LATIN_SIMILARITY = 0.75;
    /** A term shared by several entities (before a merge) links to at most this many of them. */
    static final int MAX_ENTITIES_PER_SPAN = 3;

    private final EntityDictionary dict;
    private final LuceneStore store;

    EntityLinker(EntityDictionary dict, LuceneStore store) {
        this.dict = dict;
        this.store = store;
    }

    List<EntityMention> link(String question) {
        MatchingText m = TextNormalizer.forMatchingWithOffsets(question);
        String text = m.text();
        List<EntityMention> mentions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean[] covered = new boolean[text.length()];
        for (Lexicon.Match match : Lexicon.longestFirst(ChineseWords.dropStraddling(text, dict.lexicon().allMatches(text)))) {
            int added = 0;
            for (EntityDictionary.Ref ref : dict.refs(match.term())) {
                if (added == MAX_ENTITIES_PER_SPAN) {
                    break;
                }
                if (seen.add(ref.entry().id())) {
                    mentions.add(mention(question, m, match.start(), match.end(), ref.entry(),
                            ref.isName() ? EntityMention.How.NAME : EntityMention.How.ALIAS, ref.isName() ? 1.0 : ALIAS_SCORE));
                    added++;
                }
            }
            java.util.Arrays.fill(covered, match.start(), match.end(), true);
        }
        if (dict.size() > 0) {
            fuzzy(question, m, covered, seen, mentions);
        }
        mentions.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return mentions;
    }

    private void fuzzy(String question, MatchingText m, boolean[] covered, Set<String> seen, List<EntityMention> out) {
        String text = m.text();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (covered[i] || !(Character.isIdeographic(c) || Lexicon.isWordChar(c))) {
                i++;
                continue;
            }
            int j = i;
            if (Character.isIdeographic(c)) {
                while (j < text.length() && !covered[j] && Character.isIdeographic(text.charAt(j))) {
                    j++;
                }
                if (j - i >= 3) {
                    int base = i;
                    String run = text.substring(i, j);
                    dict.fuzzy("zh:" + run, () -> chinese(run)).ifPresent(f -> add(question, m, base, f, seen, out));
                }
            } else {
                while (j < text.length() && !covered[j] && (Lexicon.isWordChar(text.charAt(j)) || text.charAt(j) == ' '
                        || text.charAt(j) == '-')) {
                    j++;
                }
                latinRun(question, m, i, j, seen, out);
            }
            i = Math.max(j, i + 1);
        }
    }

    /** Word n-grams of an uncovered Latin run, three words down to one, each tried once. */
    private void latinRun(String question, MatchingText m, int from, int to, Set<String> seen, List<EntityMention> out) {
        String text = m.text();
        List<int[]> words = new ArrayList<>();
        for (int k = from; k < to; ) {
            if (!Lexicon.isWordChar(text.charAt(k))) {
                k++;
                continue;
            }
            int e = k;
            while (e < to && Lexicon.isWordChar(text.charAt(e))) {
                e++;
            }
            words.add(new int[] {k, e});
            k = e;
        }
        boolean[] used = new boolean[words.size()];
        for (int n = Math.min(3, words.size()); n >= 1; n--) {
            for (int w = 0; w + n <= words.size(); w++) {
                if (anyUsed(used, w, n)) {
                    continue;
                }
                int s = words.get(w)[0];
                int e = words.get(w + n - 1)[1];
                String phrase = text.substring(s, e);
                String first = text.substring(s, words.get(w)[1]);
                String last = text.substring(words.get(w + n - 1)[0], e);
                if (phrase.length() < 4 || phrase.length() > 40 || StrokeAnalyzer.isStopWord(first)
                        || StrokeAnalyzer.isStopWord(last)) {
                    continue; // names do not begin or end with "at", "the", "of"
                }
                if (n == 1 && phrase.length() < 6) {
                    continue; // a short word one edit from an acronym ("names" and NMES) is another word
                }
                int maxEdits = n == 1 && phrase.length() >= 8 ? 2 : 1;
                Optional<Fuzzy> f = dict.fuzzy("latin:" + maxEdits + ":" + phrase, () -> latin(phrase, maxEdits));
                if (f.isPresent()) {
                    add(question, m, s, f.get(), seen, out);
                    java.util.Arrays.fill(used, w, w + n, true);
                }
            }
        }
    }

    private static boolean anyUsed(boolean[] used, int from, int n) {
        for (int k = from; k < from + n; k++) {
            if (used[k]) {
                return true;
            }
        }
        return false;
    }

    private void add(String question, MatchingText m, int base, Fuzzy f, Set<String> seen, List<EntityMention> out) {
        if (seen.add(f.entry().id())) {
            out.add(mention(question, m, base + f.start(), base + f.end(), f.entry(), EntityMention.How.FUZZY,
                    FUZZY_WEIGHT * f.similarity()));
        }
    }

    /** A near miss: the entity, its key, where in the searched string it matched, and how closely. */
    record Fuzzy(EntityDictionary.Entry entry, String key, int start, int end, double similarity) {
    }

    /**
     * @param maxEdits 2 only for single long words: a Levenshtein automaton of two edits over a long phrase costs
     *                 milliseconds to build
     */
    Optional<Fuzzy> latin(String phrase, int maxEdits) {
        Query q = new FuzzyQuery(new Term(EntityIndex.KEY, phrase), maxEdits, 1, 20, true);
        Fuzzy best = null;
        for (EntityDictionary.Entry e : candidates(q, 10)) {
            for (String key : e.keys()) {
                double sim = Similarity.editSimilarity(phrase, key);
                if (Similarity.editDistance(phrase, key) <= maxEdits && sim >= LATIN_SIMILARITY
                        && (best == null || sim > best.similarity())) {
                    best = new Fuzzy(e, key, 0, phrase.length(), sim);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The best window of {@code run} against any candidate's Chinese key of four or more chars. */
    Optional<Fuzzy> chinese(String run) {
        Set<String> grams = Similarity.bigrams(run);
        if (grams.size() < 2) {
            return Optional.empty();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        grams.stream().limit(40).forEach(g -> b.add(new TermQuery(new Term(EntityIndex.GRAM, g)), BooleanClause.Occur.SHOULD));
        b.setMinimumNumberShouldMatch(2);
        Fuzzy best = null;
        for (EntityDictionary.Entry e : candidates(b.build(), 10)) {
            for (String key : e.keys()) {
                if (key.length() < 4 || Similarity.isLatin(key)) {
                    continue;
                }
                for (int len = key.length() - 1; len <= key.length() + 1; len++) {
                    for (int s = 0; s + len <= run.length(); s++) {
                        double d = Similarity.dice(run.substring(s, s + len), key);
                        if (d >= DICE_THRESHOLD && (best == null || d > best.similarity())) {
                            best = new Fuzzy(e, key, s, s + len, d);
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    List<EntityDictionary.Entry> candidates(Query q, int n) {
        return store.read(searcher -> {
            List<Integer> docs = java.util.Arrays.stream(searcher.search(q, n).scoreDocs).map(sd -> sd.doc).toList();
            Map<Integer, List<String>> ids = LuceneStore.docValues(searcher, docs, EntityIndex.ID);
            List<EntityDictionary.Entry> out = new ArrayList<>();
            for (int doc : docs) {
                EntityDictionary.Entry e = ids.get(doc).isEmpty() ? null : dict.entry(ids.get(doc).get(0));
                if (e != null) {
                    out.add(e);
                }
            }
            return out;
        });
    }

    private static EntityMention mention(String question, MatchingText m, int start, int end, EntityDictionary.Entry e,
                                         EntityMention.How how, double score) {
        int s = m.originalStart(start);
        int t = m.originalEnd(end);
        return new EntityMention(e.id(), e.type(), e.name(), question.substring(s, t), s, t, how, score);
    }
}
