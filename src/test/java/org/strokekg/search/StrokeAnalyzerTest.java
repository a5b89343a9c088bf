package org.strokekg.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class StrokeAnalyzerTest {

    private static final List<String> TERMS = List.of("中风", "脑梗死", "腔隙性脑梗死", "偏瘫", "肉毒毒素", "A型肉毒毒素", "痉挛",
            "TIA", "rt-PA", "康复训练", "手臂", "高血压");

    /** What one token must look like: term, offsets into the original text, position increment and type. */
    record Tok(String term, int start, int end, int posInc, String type) {
        static Tok dict(String term, int start, int end) {
            return new Tok(term, start, end, 1, StrokeTokenizer.DICT);
        }

        static Tok word(String term, int start, int end) {
            return new Tok(term, start, end, 1, StrokeTokenizer.WORD);
        }

        Tok stacked() {
            return new Tok(term, start, end, 0, type);
        }
    }

    static List<Tok> tokens(Analyzer analyzer, String text) {
        List<Tok> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            PositionIncrementAttribute posInc = ts.addAttribute(PositionIncrementAttribute.class);
            TypeAttribute type = ts.addAttribute(TypeAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(new Tok(term.toString(), offset.startOffset(), offset.endOffset(), posInc.getPositionIncrement(),
                        type.type()));
            }
            ts.end();
            assertThat(offset.endOffset()).as("final offset").isEqualTo(text.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static void assertTokens(Analyzer analyzer, String text, Tok... expected) {
        assertThat(tokens(analyzer, text)).as(text).containsExactly(expected);
    }

    @Test
    void smartCnAloneSplitsStrokeTerms() throws IOException {
        try (SmartChineseAnalyzer smart = new SmartChineseAnalyzer()) {
            assertThat(tokens(smart, "预防中风")).extracting(Tok::term).containsExactly("预防", "中", "风");
            assertThat(tokens(smart, "腔隙性脑梗死")).extracting(Tok::term).containsExactly("腔", "隙", "性", "脑", "梗", "死");
        }
    }

    @Test
    void dictionaryTermsStayWholeInBothScripts() {
        StrokeAnalyzer a = StrokeAnalyzer.withTerms(TERMS);
        assertTokens(a, "预防中风",
                Tok.word("预防", 0, 2), Tok.dict("中风", 2, 4));
        assertTokens(a, "中風後偏癱",
                Tok.dict("中风", 0, 2), Tok.word("后", 2, 3), Tok.dict("偏瘫", 3, 5));
        assertTokens(a, "注射肉毒毒素",
                Tok.word("注射", 0, 2), Tok.dict("肉毒毒素", 2, 6));
    }

    @Test
    void longestTermWinsAndNestedTermsAreStacked() {
        StrokeAnalyzer a = StrokeAnalyzer.withTerms(TERMS);
        assertTokens(a, "腔隙性脑梗死患者",
                Tok.dict("腔隙性脑梗死", 0, 6), Tok.dict("脑梗死", 3, 6).stacked(), Tok.word("患者", 6, 8));
        assertTokens(a, "A型肉毒毒素",
                Tok.dict("a型肉毒毒素", 0, 6), Tok.dict("肉毒毒素", 2, 6).stacked());
    }

    @Test
    void stopWordsLeaveGapsButNeverRemoveDictionaryTerms() {
        StrokeAnalyzer a = StrokeAnalyzer.withTerms(TERMS);
        List<Tok> toks = tokens(a, "中风后手臂僵硬怎么办");
        assertThat(toks).extracting(Tok::term).containsExactly("中风", "后", "手臂", "僵硬");
        assertThat(toks.get(3)).isEqualTo(Tok.word("僵硬", 5, 7));
    }

    @Test
    void englishAliasesMatchOnWordBoundariesOnly() {
        StrokeAnalyzer a = StrokeAnalyzer.withTerms(TERMS);
        assertTokens(a, "What is TIA?",
                new Tok("tia", 8, 11, 3, StrokeTokenizer.DICT));
        assertTokens(a, "dictation",
                new Tok("dictation", 0, 9, 1, StrokeTokenizer.ALNUM));
        assertTokens(a, "ＴＩＡ和rt-PA治疗",
                Tok.dict("tia", 0, 3), new Tok("rt-pa", 4, 9, 2, StrokeTokenizer.DICT), Tok.word("治疗", 9, 11));
    }

    @Test
    void withoutDictionaryFallsBackToSmartCnAndKeepsEnglishWhole() {
        StrokeAnalyzer a = new StrokeAnalyzer();
        List<String> terms = tokens(a, "Stroke rehabilitation 康复训练").stream().map(Tok::term).toList();
        // English words stay whole (KStem maps rehabilitation to rehabilitate, as it does in a question)
        assertThat(terms).startsWith("stroke", "rehabilitate").doesNotContain("康复训练");
        assertThat(a.fallbackWords("中風")).containsExactly("中", "风");
    }

    @Test
    void englishTextIsLowerCasedStoppedAndItsLatinWordsStemmed() {
        StrokeAnalyzer a = StrokeAnalyzer.withTerms(List.of("stroke", "ischemic stroke", "TIA", "rt-PA"));
        List<Tok> toks = tokens(a, "Strokes: Recovering after Ischemic Strokes and TIAs, arteries");
        assertThat(toks).extracting(Tok::term)
                .containsExactly("stroke", "recover", "after", "ischemic", "stroke", "tia", "artery");
        // a plural is no dictionary term (the alias must end on a word boundary): it is a Latin word, and stemmed
        assertThat(toks.getFirst()).isEqualTo(new Tok("stroke", 0, 7, 1, StrokeTokenizer.ALNUM));
        assertThat(toks.get(1)).isEqualTo(new Tok("recover", 9, 19, 1, StrokeTokenizer.ALNUM));
        // dictionary terms and clinical words KStem does not know stay whole; the question's words meet the passage's
        assertThat(tokens(a, "ischemic stroke thrombosis aphasia")).extracting(Tok::term)
                .containsExactly("ischemic stroke", "stroke", "thrombosis", "aphasia");
        assertThat(tokens(a, "What are the symptoms of a stroke?")).extracting(Tok::term)
                .containsExactly("symptom", "stroke");
        assertThat(tokens(a, "stroke symptoms include sudden weakness")).extracting(Tok::term)
                .containsExactly("stroke", "symptom", "include", "sudden", "weakness");
        // Chinese words are never stemmed
        assertThat(tokens(a, "中风患者 patients")).extracting(Tok::term).contains("patient").doesNotContain("patients");
    }

    @Test
    void fallbackWordsOfAnEnglishTermAreStemmedLikeTheIndex() {
        StrokeAnalyzer a = new StrokeAnalyzer();
        assertThat(a.fallbackWords("Transient Ischemic Attacks")).containsExactly("transient", "ischemic", "attack");
        assertThat(a.fallbackWords("rt-PA")).containsExactly("rt", "pa");
    }

    @Test
    void swappedDictionaryAppliesFromTheNextText() {
        StrokeAnalyzer a = new StrokeAnalyzer();
        assertThat(tokens(a, "脑梗死").stream().map(Tok::term).toList()).doesNotContain("脑梗死");
        a.lexicon(Lexicon.of(List.of("脑梗死")));
        assertTokens(a, "脑梗死", Tok.dict("脑梗死", 0, 3));
    }

    @Test
    void normalizeMirrorsTheTokenizerFold() {
        StrokeAnalyzer a = StrokeAnalyzer.withTerms(TERMS);
        assertThat(a.normalize("text", "中風ＴＩＡ")).isEqualTo(new BytesRef("中风tia"));
    }
}
