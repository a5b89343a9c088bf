package org.strokekg.search;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** The two string similarities behind fuzzy matching: edit distance for Latin names, bigram overlap for Chinese. */
final class Similarity {

    private Similarity() {
    }

    /** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), as Lucene's FuzzyQuery counts edits. */
    static int editDistance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }

    /** 1 − distance / longer length. */
    static double editSimilarity(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        return longer == 0 ? 1 : 1 - (double) editDistance(a, b) / longer;
    }

    static Set<String> bigrams(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i + 2 <= s.length(); i++) {
            out.add(s.substring(i, i + 2));
        }
        return out;
    }

    /** Dice coefficient of the two strings' char-bigram sets. */
    static double dice(String a, String b) {
        Set<String> x = bigrams(a);
        Set<String> y = bigrams(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        Set<String> common = new HashSet<>(x);
        common.retainAll(y);
        return 2.0 * common.size() / (x.size() + y.size());
    }

    static boolean isLatin(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isIdeographic(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
