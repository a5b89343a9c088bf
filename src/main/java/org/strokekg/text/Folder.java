package org.strokekg.text;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * The one folding loop behind {@link TextNormalizer#forMatching} and {@link TextNormalizer#forMatchingWithOffsets}: table
 * look-ups per char, whitespace runs collapsed to one space and trimmed, NFKC done by the JDK only around combining
 * marks and supplementary-plane chars. With offsets on, it records for each output char the span of input it came from.
 */
final class Folder {

    private static final FoldTable.Phrase[] NO_PHRASES = {};

    private final FoldTable table;
    private final CharSequence in;
    private final boolean withOffsets;
    private final StringBuilder out;
    private int[] starts;
    private int[] ends;
    private boolean pendingSpace;
    private int spaceStart;
    private int spaceEnd;
    /** Where the last base char began, in the input and in the output: a combining mark is normalised together with it. */
    private int baseIn = -1;
    private int baseOut = -1;

    private Folder(FoldTable table, CharSequence in, boolean withOffsets) {
        this.table = table;
        this.in = in;
        this.withOffsets = withOffsets;
        this.out = new StringBuilder(in.length() + 8);
        if (withOffsets) {
            starts = new int[in.length() + 8];
            ends = new int[in.length() + 8];
        }
    }

    static String fold(CharSequence s) {
        FoldTable t = FoldTable.get();
        int n = s.length();
        boolean prevSpace = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            byte k = t.kind[c];
            if (k == FoldTable.SIMPLE && t.fold[c] == c) {
                prevSpace = false;
            } else if (c == ' ' && !prevSpace && i < n - 1) {
                prevSpace = true;
            } else {
                return new Folder(t, s, false).run();
            }
        }
        if (prevSpace && n > 0) {
            return new Folder(t, s, false).run(); // trailing space
        }
        return s.toString();
    }

    static MatchingText foldWithOffsets(CharSequence s) {
        Folder f = new Folder(FoldTable.get(), s, true);
        String text = f.run();
        int n = text.length();
        return new MatchingText(text, Arrays.copyOf(f.starts, n), Arrays.copyOf(f.ends, n), s.length());
    }

    private String run() {
        int n = in.length();
        int i = 0;
        while (i < n) {
            char c = in.charAt(i);
            switch (table.kind[c]) {
                case FoldTable.SIMPLE -> emitBase(table.fold[c], i, i + 1);
                case FoldTable.SPACE -> space(i, i + 1);
                case FoldTable.REMOVE -> { }
                case FoldTable.EXPAND -> {
                    markBase(i);
                    emitString(table.expand[c], i, i + 1);
                }
                case FoldTable.AMBIGUOUS -> emitBase(decide(c, i), i, i + 1);
                case FoldTable.MARK -> {
                    i = marks(i);
                    continue;
                }
                default -> { // surrogate
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(in.charAt(i + 1))) {
                        markBase(i);
                        String nfkc = Normalizer.normalize(in.subSequence(i, i + 2), Normalizer.Form.NFKC);
                        emitString(table.foldCodePoints(nfkc), i, i + 2);
                        i += 2;
                        continue;
                    }
                    // a lone surrogate: drop it, it cannot be matched or displayed
                }
            }
            i++;
        }
        return out.toString();
    }

    /** A run of combining marks: re-normalise it together with the base char before it (e + U+0301 → é). */
    private int marks(int from) {
        int n = in.length();
        int end = from;
        while (end < n && table.kind[in.charAt(end)] == FoldTable.MARK) {
            end++;
        }
        int start = from;
        if (baseIn >= 0 && baseOut >= 0 && !pendingSpace) {
            start = baseIn;
            truncate(baseOut);
        }
        String nfkc = Normalizer.normalize(in.subSequence(start, end), Normalizer.Form.NFKC);
        int outBefore = out.length();
        emitString(table.foldCodePoints(nfkc), start, end);
        baseIn = start;
        baseOut = outBefore;
        return end;
    }

    private char decide(char c, int i) {
        FoldTable.Phrase[] candidates = table.phrases.getOrDefault(c, NO_PHRASES);
        for (FoldTable.Phrase p : candidates) {
            int from = i - p.offset();
            if (from >= 0 && from + p.key().length() <= in.length() && regionEquals(from, p.key())) {
                return p.output();
            }
        }
        return table.fold[c];
    }

    private boolean regionEquals(int from, String key) {
        for (int j = 0; j < key.length(); j++) {
            if (in.charAt(from + j) != key.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private void space(int start, int end) {
        baseIn = -1;
        if (out.isEmpty()) {
            return; // leading whitespace is trimmed
        }
        if (!pendingSpace) {
            pendingSpace = true;
            spaceStart = start;
        }
        spaceEnd = end;
    }

    private void markBase(int i) {
        flushSpace();
        baseIn = i;
        baseOut = out.length();
    }

    private void emitBase(char ch, int start, int end) {
        markBase(start);
        append(ch, start, end);
    }

    private void emitString(String s, int start, int end) {
        for (int j = 0; j < s.length(); j++) {
            char ch = s.charAt(j);
            if (ch == ' ') {
                space(start, end);
            } else {
                flushSpace();
                append(ch, start, end);
            }
        }
    }

    private void flushSpace() {
        if (pendingSpace) {
            pendingSpace = false;
            append(' ', spaceStart, spaceEnd);
        }
    }

    private void append(char ch, int start, int end) {
        if (withOffsets) {
            int at = out.length();
            if (at == starts.length) {
                starts = Arrays.copyOf(starts, at * 2 + 8);
                ends = Arrays.copyOf(ends, at * 2 + 8);
            }
            starts[at] = start;
            ends[at] = end;
        }
        out.append(ch);
    }

    private void truncate(int length) {
        out.setLength(length);
    }
}
