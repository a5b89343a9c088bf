package org.strokekg.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.strokekg.text.TextNormalizer;

/**
 * An immutable set of folded terms (the graph's names and aliases) with longest-match look-up, kept as one sorted array:
 * a prefix walk narrows a range of the array by binary search on the next char, so it needs no per-node objects (about
 * 100k terms cost only their strings) and a match at one position costs O(depth · log n).
 */
final class Lexicon {

    static final Lexicon EMPTY = new Lexicon(new String[0]);
    /** Shorter terms never match in running text: a lone 痰 or 梨 would match inside other words. */
    static final int MIN_MATCH_LENGTH = 2;

    private final String[] terms;
    /**
     * The range [firstFrom[c], firstTo[c]) of the terms starting with char c: the walk's first and widest step, a
     * binary search over every term, taken for each position of every text; it was most of the look-up's time.
     */
    private final int[] firstFrom = new int[Character.MAX_VALUE + 1];
    private final int[] firstTo = new int[Character.MAX_VALUE + 1];

    /** @param sortedTerms folded, distinct, in {@link String#compareTo} order */
    Lexicon(String[] sortedTerms) {
        this.terms = sortedTerms;
        for (int i = 0; i < sortedTerms.length; ) {
            if (sortedTerms[i].isEmpty()) {    // sorts first; matches nothing
                i++;
                continue;
            }
            char c = sortedTerms[i].charAt(0);
            int j = i;
            while (j < sortedTerms.length && sortedTerms[j].charAt(0) == c) {
                j++;
            }
            firstFrom[c] = i;
            firstTo[c] = j;
            i = j;
        }
    }

    /** Folds, de-duplicates and sorts arbitrary terms (empty ones are dropped). */
    static Lexicon of(Collection<String> rawTerms) {
        TreeSet<String> folded = new TreeSet<>();
        for (String t : rawTerms) {
            String f = TextNormalizer.forMatching(t);
            if (!f.isEmpty()) {
                folded.add(f);
            }
        }
        return new Lexicon(folded.toArray(String[]::new));
    }

    int size() {
        return terms.length;
    }

    String term(int index) {
        return terms[index];
    }

    /** Index of the term, or a negative number when absent. */
    int indexOf(String folded) {
        return Arrays.binarySearch(terms, folded);
    }

    /** Indexes of the terms starting with {@code prefix}, in sorted order. */
    int[] prefixRange(String prefix) {
        int lo = lowerBound(prefix);
        int hi = lo;
        while (hi < terms.length && terms[hi].startsWith(prefix)) {
            hi++;
        }
        return new int[] {lo, hi};
    }

    private int lowerBound(String key) {
        int lo = 0;
        int hi = terms.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (terms[mid].compareTo(key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Every term occurring in folded text, at every position, honouring word boundaries for Latin terms. */
    List<Match> allMatches(String text) {
        List<Match> out = new ArrayList<>();
        if (terms.length == 0) {
            return out;
        }
        for (int pos = 0; pos < text.length(); pos++) {
            if (isWordChar(text.charAt(pos)) && pos > 0 && isWordChar(text.charAt(pos - 1))) {
                continue; // inside a Latin word or number: no term may start here
            }
            matchesAt(text, pos, out);
        }
        return out;
    }

    private void matchesAt(String text, int pos, List<Match> out) {
        char first = text.charAt(pos);
        int lo = firstFrom[first];
        int hi = firstTo[first];
        for (int depth = 1; lo < hi; depth++) {
            if (terms[lo].length() == depth) {
                int end = pos + depth;
                if (depth >= MIN_MATCH_LENGTH && boundaryOk(text, end)) {
                    out.add(new Match(pos, end, lo));
                }
                lo++;
            }
            if (pos + depth >= text.length() || lo >= hi) {
                return;
            }
            char c = text.charAt(pos + depth);
            int from = charBound(lo, hi, depth, c, false);
            int to = charBound(from, hi, depth, c, true);
            lo = from;
            hi = to;
        }
    }

    /** First index in [lo, hi) whose char at depth is ≥ c (or > c when {@code after}); all have length > depth. */
    private int charBound(int lo, int hi, int depth, char c, boolean after) {
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            char m = terms[mid].charAt(depth);
            if (m < c || (after && m == c)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static boolean boundaryOk(String text, int end) {
        return end >= text.length() || !isWordChar(text.charAt(end - 1)) || !isWordChar(text.charAt(end));
    }

    /** Letters and digits of alphabetic scripts: an English alias must not match inside a longer word (tia in dictation). */
    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) && !Character.isIdeographic(c);
    }

    /**
     * The non-overlapping matches that the longest-first rule keeps: longer matches win, then the earlier one;
     * 腔隙性脑梗死 beats the 脑梗死 inside it. Sorted by start.
     */
    static List<Match> longestFirst(List<Match> all) {
        List<Match> byLength = new ArrayList<>(all);
        byLength.sort((a, b) -> a.length() != b.length() ? Integer.compare(b.length(), a.length())
                : Integer.compare(a.start(), b.start()));
        List<Match> kept = new ArrayList<>();
        int maxEnd = 0;
        for (Match m : all) {
            maxEnd = Math.max(maxEnd, m.end());
        }
        boolean[] covered = new boolean[maxEnd];
        outer:
        for (Match m : byLength) {
            for (int i = m.start(); i < m.end(); i++) {
                if (covered[i]) {
                    continue outer;
                }
            }
            Arrays.fill(covered, m.start(), m.end(), true);
            kept.add(m);
        }
        kept.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return kept;
    }

    /** A term found at [start, end) of folded text. */
    record Match(int start, int end, int term) {
        int length() {
            return end - start;
        }
    }
}
