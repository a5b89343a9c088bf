package org.strokekg.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.strokekg.text.MatchingText;
import org.strokekg.text.TextNormalizer;

/**
 * Folds the whole input for matching, keeps the longest dictionary terms whole (中风, 腔隙性脑梗死, rt-pa), stacks the
 * dictionary terms nested inside them at the same position (脑梗死 under 腔隙性脑梗死, so either query finds the passage),
 * and hands the Chinese between them to SmartChineseAnalyzer's HHMM segmenter; Latin words and numbers between them are
 * one token each. Offsets point into the original text.
 */
final class StrokeTokenizer extends Tokenizer {

    static final String DICT = "<DICT>";
    static final String WORD = "<WORD>";
    static final String ALNUM = "<ALNUM>";

    /** Inputs longer than this are cut: a passage is a paragraph, not a book. */
    static final int MAX_CHARS = 200_000;

    private final Supplier<Lexicon> lexiconSource;
    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);
    private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);

    private Lexicon lexicon = Lexicon.EMPTY;
    private List<Token> tokens;
    private int next;
    private int originalLength;

    record Token(String term, int start, int end, int posInc, String type) {
    }

    StrokeTokenizer(Supplier<Lexicon> lexiconSource) {
        this.lexiconSource = lexiconSource;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        lexicon = lexiconSource.get(); // a dictionary swapped in by a committed batch applies from the next text on
        tokens = null;
        next = 0;
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (tokens == null) {
            String original = readAll();
            originalLength = original.length();
            tokens = tokenize(TextNormalizer.forMatchingWithOffsets(original));
        }
        if (next >= tokens.size()) {
            return false;
        }
        clearAttributes();
        Token t = tokens.get(next++);
        termAtt.setEmpty().append(t.term());
        offsetAtt.setOffset(correctOffset(t.start()), correctOffset(t.end()));
        posIncAtt.setPositionIncrement(t.posInc());
        typeAtt.setType(t.type());
        return true;
    }

    @Override
    public void end() throws IOException {
        super.end();
        int last = correctOffset(originalLength);
        offsetAtt.setOffset(last, last);
    }

    private String readAll() throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[4096];
        int n;
        while ((n = input.read(buf)) > 0 && sb.length() < MAX_CHARS) {
            sb.append(buf, 0, Math.min(n, MAX_CHARS - sb.length()));
        }
        return sb.toString();
    }

    List<Token> tokenize(MatchingText m) {
        String text = m.text();
        List<Lexicon.Match> all = ChineseWords.dropStraddling(text, lexicon.allMatches(text));
        List<Lexicon.Match> kept = Lexicon.longestFirst(all);
        List<Token> out = new ArrayList<>();
        int pos = 0;
        for (Lexicon.Match match : kept) {
            segmentGap(m, pos, match.start(), out);
            out.add(new Token(lexicon.term(match.term()), m.originalStart(match.start()), m.originalEnd(match.end()), 1, DICT));
            for (Lexicon.Match inner : all) {
                if (inner.start() >= match.start() && inner.end() <= match.end() && inner.length() < match.length()) {
                    out.add(new Token(lexicon.term(inner.term()), m.originalStart(inner.start()), m.originalEnd(inner.end()),
                            0, DICT));
                }
            }
            pos = match.end();
        }
        segmentGap(m, pos, text.length(), out);
        return out;
    }

    /** Chinese runs through the HHMM segmenter, Latin words and numbers whole, everything else is a separator. */
    private void segmentGap(MatchingText m, int from, int to, List<Token> out) {
        String text = m.text();
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            int j = i + 1;
            if (Character.isIdeographic(c)) {
                while (j < to && Character.isIdeographic(text.charAt(j))) {
                    j++;
                }
                segmentChinese(m, i, j, out);
            } else if (Lexicon.isWordChar(c)) {
                while (j < to && Lexicon.isWordChar(text.charAt(j))) {
                    j++;
                }
                out.add(new Token(text.substring(i, j), m.originalStart(i), m.originalEnd(j), 1, ALNUM));
            }
            i = j;
        }
    }

    private void segmentChinese(MatchingText m, int from, int to, List<Token> out) {
        for (int[] w : ChineseWords.segment(m.text().substring(from, to))) {
            int s = from + w[0];
            int e = from + w[1];
            out.add(new Token(m.text().substring(s, e), m.originalStart(s), m.originalEnd(e), 1, WORD));
        }
    }

    /** The HHMM words of a folded Chinese string: how a dictionary term was indexed before the dictionary knew it. */
    List<String> fallbackWords(String folded) {
        MatchingText m = TextNormalizer.forMatchingWithOffsets(folded);
        List<Token> out = new ArrayList<>();
        segmentGap(m, 0, m.length(), out);
        return out.stream().map(Token::term).toList();
    }
}
