package org.strokekg.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.cn.smart.WordType;
import org.apache.lucene.analysis.cn.smart.hhmm.HHMMSegmenter;
import org.apache.lucene.analysis.cn.smart.hhmm.SegToken;

/**
 * SmartCN's HHMM word segmentation of Chinese runs, shared (the segmenter is stateless), and the one place where it
 * vetoes a dictionary match: a two-character term that straddles two words and cuts into one of them, as 颤病 (an alias
 * of Parkinson's disease in the 39.net table) inside 房颤|病人, is not a mention. Longer terms are specific enough.
 */
final class ChineseWords {

    private static final HHMMSegmenter SEGMENTER = new HHMMSegmenter();
    private static final int RECENT_TEXTS = 64;
    private static final Map<String, Set<Integer>> RECENT = new LinkedHashMap<>(128, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<Integer>> eldest) {
            return size() > RECENT_TEXTS;
        }
    };

    private ChineseWords() {
    }

    /** Word spans [start, end) of a run of ideographs, relative to the run. */
    static List<int[]> segment(String run) {
        List<int[]> out = new ArrayList<>();
        if (run.length() == 1) {
            out.add(new int[] {0, 1});
            return out;
        }
        for (SegToken t : SEGMENTER.process(run)) {
            if (t.wordType != WordType.SENTENCE_BEGIN && t.wordType != WordType.SENTENCE_END
                    && t.wordType != WordType.DELIMITER) {
                out.add(new int[] {t.startOffset, t.endOffset});
            }
        }
        return out;
    }

    /** The matches without the two-character ones that straddle a word boundary and end or start inside a word. */
    static List<Lexicon.Match> dropStraddling(String text, List<Lexicon.Match> all) {
        Set<Integer> boundaries = null;
        List<Lexicon.Match> kept = new ArrayList<>(all.size());
        for (Lexicon.Match m : all) {
            if (m.length() == 2 && Character.isIdeographic(text.charAt(m.start()))
                    && Character.isIdeographic(text.charAt(m.start() + 1))) {
                if (boundaries == null) {
                    boundaries = boundaries(text);
                }
                boolean splitInside = boundaries.contains(m.start() + 1);
                if (splitInside && (!boundaries.contains(m.start()) || !boundaries.contains(m.end()))) {
                    continue;
                }
            }
            kept.add(m);
        }
        return kept;
    }

    /**
     * Every word boundary of the text's ideograph runs (run edges included). A question is segmented here twice, by
     * the entity linker and by the query analyzer, a few milliseconds apart: the last few texts' boundaries are kept
     * so that the second use finds them (too few entries to serve one question from another).
     */
    private static Set<Integer> boundaries(String text) {
        synchronized (RECENT) {
            Set<Integer> known = RECENT.get(text);
            if (known != null) {
                return known;
            }
        }
        Set<Integer> found = Set.copyOf(segmentBoundaries(text));
        synchronized (RECENT) {
            RECENT.put(text, found);
        }
        return found;
    }

    private static Set<Integer> segmentBoundaries(String text) {
        Set<Integer> out = new HashSet<>();
        int i = 0;
        while (i < text.length()) {
            if (!Character.isIdeographic(text.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < text.length() && Character.isIdeographic(text.charAt(j))) {
                j++;
            }
            for (int[] w : segment(text.substring(i, j))) {
                out.add(i + w[0]);
                out.add(i + w[1]);
            }
            i = j;
        }
        return out;
    }
}
