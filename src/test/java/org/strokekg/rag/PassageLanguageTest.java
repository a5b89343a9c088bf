package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;

/** A reader sees each piece of curated evidence once, in the reader's language where that version was found. */
class PassageLanguageTest {

    static PassageHit hit(String id, String lang, String translationOf) {
        return new PassageHit(new PassageDoc(id, "t", "text of " + id, "src", List.of(), "b", "topic", lang, translationOf),
                1.0, OptionalInt.empty(), OptionalInt.empty(), false);
    }

    static List<String> ids(List<PassageHit> hits) {
        return hits.stream().map(h -> h.doc().id()).toList();
    }

    @Test
    void aChineseReaderGetsNoEnglishPassage() {
        List<PassageHit> hits = List.of(hit("p-1-en", "en", "p-1"), hit("p-1", "zh", ""), hit("p-2-en", "en", "p-2"),
                hit("p-3", "zh", ""));
        assertThat(ids(PassageLanguage.forReader(hits, false, 5))).containsExactly("p-1", "p-3");
    }

    @Test
    void anEnglishReaderGetsTheEnglishVersionAndChineseOnlyWhereNoneWasFound() {
        List<PassageHit> hits = List.of(hit("p-1", "zh", ""), hit("p-1-en", "en", "p-1"), hit("p-2", "zh", ""),
                hit("p-3-en", "en", "p-3"));
        assertThat(ids(PassageLanguage.forReader(hits, true, 5))).containsExactly("p-1-en", "p-2", "p-3-en");
        // at most k, best first
        assertThat(ids(PassageLanguage.forReader(hits, true, 2))).containsExactly("p-1-en", "p-2");
        assertThat(PassageLanguage.widen(5)).isEqualTo(10);
        assertThat(PassageLanguage.widen(80)).isEqualTo(100);
    }
}
