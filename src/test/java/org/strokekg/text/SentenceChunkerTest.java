package org.strokekg.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Chunks at sentence boundaries: packing, headings, long sentences, short tails. */
class SentenceChunkerTest {

    @Test
    void packsWholeSentencesUpToTheLimit() {
        SentenceChunker c = new SentenceChunker(20, 5);
        assertThat(c.chunks("第一句话有八个字。第二句也有八个字。第三句还是八个字。"))
                .containsExactly("第一句话有八个字。第二句也有八个字。", "第三句还是八个字。");
        assertThat(c.chunks("  ")).isEmpty();
        assertThat(c.chunks("一句。")).containsExactly("一句。");
    }

    @Test
    void aHeadingGoesWithTheTextItHeads() {
        SentenceChunker c = new SentenceChunker(30, 5);
        List<String> chunks = c.chunks("(一)发病原因\n长期高血压使小动脉硬化变脆，容易破裂。\n(二)发病机制\n血肿压迫周围脑组织，引起脑水肿。");
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0)).startsWith("(一)发病原因").doesNotContain("(二)");
        assertThat(chunks.get(1)).startsWith("(二)发病机制");
    }

    @Test
    void aLongSentenceIsCutAtItsCommasAndARunWithoutAnyAnywhere() {
        SentenceChunker c = new SentenceChunker(20, 0);
        List<String> chunks = c.chunks("甲甲甲甲甲甲甲甲甲甲，乙乙乙乙乙乙乙乙乙乙，丙丙丙丙丙丙丙丙丙丙。");
        assertThat(chunks).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(20));
        assertThat(String.join("", chunks)).isEqualTo("甲甲甲甲甲甲甲甲甲甲，乙乙乙乙乙乙乙乙乙乙，丙丙丙丙丙丙丙丙丙丙。");
        assertThat(c.chunks("无".repeat(50))).hasSize(3).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(20));
    }

    @Test
    void whiteSpaceIsCollapsedAndAShortTailJoinsTheChunkBefore() {
        SentenceChunker c = new SentenceChunker(20, 8);
        assertThat(c.chunks("一二三四五六七八九十。\t一二三四  五六七八九十。尾。"))
                .containsExactly("一二三四五六七八九十。", "一二三四 五六七八九十。尾。");
        assertThat(c.chunks("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳。午未申酉戌。"))
                .containsExactly("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳。\n午未申酉戌。");
        assertThat(c.chunks("前\uFEFF后\u0007。")).containsExactly("前 后 。");
        assertThat(SentenceChunker.sentences("First one. Second one!\r\nThird"))
                .containsExactly("First one.", "Second one!", "Third");
    }
}
