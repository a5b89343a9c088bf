package org.strokekg.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.KeywordAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.strokekg.text.TextNormalizer;

/**
 * The one analyzer of both indexes, at index and at query time. SmartChineseAnalyzer alone splits 中风 into 中 / 风 and
 * unknown drug names into single chars, and its Porter stemmer mangles English clinical terms; so:
 * <ol>
 *   <li>{@link StrokeTokenizer}: fold (NFKC, t2s, lower case) with offsets kept, longest match over the graph's names
 *       and aliases (whole tokens, nested terms stacked), SmartCN's HHMM segmenter for the Chinese in between;</li>
 *   <li>a fold filter, the same {@link TextNormalizer#forMatching} that {@link #normalize} applies to query terms
 *       (a no-op on tokenizer output, there so that both paths visibly share one normalisation);</li>
 *   <li>a stop filter for Chinese function words and English stop words that never removes a dictionary term;</li>
 *   <li>KStem on Latin words outside the dictionary only ({@code strokes → stroke}, {@code recovering → recover},
 *       {@code arteries → artery}), so that an English question finds an English passage that words it differently.
 *       KStem, not Porter: it changes a word only into another English word it knows, so clinical terms stay whole
 *       ({@code thrombosis}, {@code aphasia}); dictionary terms (the graph's names, {@code rt-pa}, {@code tia}) and
 *       Chinese words are never stemmed.</li>
 * </ol>
 * The dictionary can be swapped while the analyzer is in use (a committed batch adds names): each
 * tokenizer reads the current one at {@code reset()}.
 */
public final class StrokeAnalyzer extends Analyzer {

    private final AtomicReference<Lexicon> lexicon = new AtomicReference<>(Lexicon.EMPTY);

    /** An analyzer with an empty dictionary; {@link EntityIndex} fills it with the graph's names. */
    public StrokeAnalyzer() {
    }

    /** An analyzer with a fixed dictionary, for tools and tests that have no entity index. */
    public static StrokeAnalyzer withTerms(Collection<String> terms) {
        StrokeAnalyzer a = new StrokeAnalyzer();
        a.lexicon(Lexicon.of(terms));
        return a;
    }

    void lexicon(Lexicon next) {
        lexicon.set(next);
    }

    Lexicon lexicon() {
        return lexicon.get();
    }

    /**
     * How SmartCN alone would split a term: the tokens a passage indexed before the term entered the dictionary holds
     * (Latin words stemmed as the index stems them).
     */
    List<String> fallbackWords(String term) {
        List<String> words = new StrokeTokenizer(() -> Lexicon.EMPTY).fallbackWords(TextNormalizer.forMatching(term));
        if (words.stream().noneMatch(w -> !w.isEmpty() && Lexicon.isWordChar(w.charAt(0)))) {
            return words;
        }
        List<String> out = new ArrayList<>(words.size());
        try (TokenStream ts = FALLBACK_STEMMER.tokenStream("", String.join(" ", words))) {
            CharTermAttribute word = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(word.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size() == words.size() ? out : words;
    }

    /** The fallback words' stemmer: the same tokenizer with no dictionary, then the Latin-word stemmer. */
    private static final Analyzer FALLBACK_STEMMER = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StrokeTokenizer tokenizer = new StrokeTokenizer(() -> Lexicon.EMPTY);
            return new TokenStreamComponents(tokenizer, new KStemFilter(new LatinOnly(tokenizer)));
        }
    };

    static boolean isStopWord(String folded) {
        return StopWords.SET.contains(folded);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StrokeTokenizer tokenizer = new StrokeTokenizer(lexicon::get);
        TokenStream stream = new FoldFilter(tokenizer);
        stream = new StopFilter(stream);
        stream = new KStemFilter(new LatinOnly(stream));
        return new TokenStreamComponents(tokenizer, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new FoldFilter(in);
    }

    /** Applies {@link TextNormalizer#forMatching} to each term. */
    private static final class FoldFilter extends TokenFilter {
        private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);

        FoldFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            String term = termAtt.toString();
            String folded = TextNormalizer.forMatching(term);
            if (!folded.equals(term)) {
                termAtt.setEmpty().append(folded);
            }
            return true;
        }
    }

    /** Marks every token but a Latin word outside the dictionary as a keyword, which the stemmer after it leaves alone. */
    private static final class LatinOnly extends TokenFilter {
        private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);
        private final KeywordAttribute keywordAtt = addAttribute(KeywordAttribute.class);

        LatinOnly(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            keywordAtt.setKeyword(!StrokeTokenizer.ALNUM.equals(typeAtt.type()));
            return true;
        }
    }

    /** Removes function words, never a dictionary term (an alias may look like a stop word). */
    private static final class StopFilter extends FilteringTokenFilter {
        private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
        private final TypeAttribute typeAtt = addAttribute(TypeAttribute.class);

        StopFilter(TokenStream in) {
            super(in);
        }

        @Override
        protected boolean accept() {
            return StrokeTokenizer.DICT.equals(typeAtt.type()) || !StopWords.SET.contains(termAtt.buffer(), 0, termAtt.length());
        }
    }

    /** Loaded once, on first use. */
    private static final class StopWords {
        static final CharArraySet SET = build();

        private static CharArraySet build() {
            CharArraySet set = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
            for (String w : List.of(
                    // Chinese function words and question words: frequent in questions, empty for retrieval
                    "的", "了", "是", "在", "和", "与", "及", "或", "也", "都", "就", "还", "而", "又", "吗", "呢", "吧", "啊",
                    "呀", "哦", "么", "着", "过", "被", "把", "给", "让", "对", "从", "向", "以", "于", "之", "其", "这", "那",
                    "这个", "那个", "这些", "那些", "一个", "有", "没有", "我", "你", "您", "他", "她", "它", "我们", "你们",
                    "他们", "她们", "什么", "怎么", "怎么办", "怎样", "如何", "为什么", "哪些", "哪个", "多少", "是否",
                    "能否", "可以", "能", "会", "要", "应该", "需要", "请问", "一下", "一些", "等", "等等", "以及", "并",
                    "并且", "但", "但是", "如果", "因为", "所以",
                    // English question words missing from Lucene's list
                    "what", "how", "why", "when", "which", "who", "does", "do", "did", "can", "could", "should", "would",
                    "i", "my", "me", "you", "your", "he", "his", "she", "her", "we", "our", "am", "has", "have", "had")) {
                set.add(w);
            }
            return CharArraySet.unmodifiableSet(set);
        }
    }
}
