package org.strokekg.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.strokekg.rag.Answer;
import org.strokekg.trust.Trust;

/** The rubric's units, citation coverage and abstention on small answers. */
class UnitsTest {

    @Test
    void aSentenceIsOneUnitPerCitationGroup() {
        assertThat(Units.units("头痛[2]、晕厥[3]和X[4]可出现眩晕。")).containsExactly("头痛[2]", "、晕厥[3]", "和X[4]可出现眩晕。");
        assertThat(Units.units("痉挛可采用A[1][2]、B[3]治疗。脑梗死可出现偏瘫[4]。"))
                .containsExactly("痉挛可采用A[1][2]", "、B[3]治疗。", "脑梗死可出现偏瘫[4]。");
        assertThat(Units.units("Stroke can present with aphasia[1]. Reference [2] (in Chinese): 早期康复。"))
                .containsExactly("Stroke can present with aphasia[1].", "Reference [2] (in Chinese): 早期康复。");
        assertThat(Units.units("没有引用的一句。\n\n")).containsExactly("没有引用的一句。");
    }

    @Test
    void theEmergencyNoticeIsNotPartOfTheBody() {
        Answer.Emergency notice = new Answer.Emergency("URGENT", "请立即拨打120。", List.of("口角歪斜"), "BE-FAST");
        Answer a = answer("请立即拨打120。\n\n脑卒中可出现口角歪斜[1]。没有依据的一句。", Optional.of(notice),
                List.of(new Answer.Citation(1, "graph", "r-1", "seed", "脑卒中可出现口角歪斜", Trust.CURATED)));
        assertThat(Units.body(a)).isEqualTo("脑卒中可出现口角歪斜[1]。没有依据的一句。");
        assertThat(Units.units(Units.body(a))).hasSize(2);
        assertThat(Units.citationCoverage(Units.body(a))).isEqualTo(0.5);
        assertThat(Units.abstained(a)).isFalse();
    }

    @Test
    void anAnswerCitingNothingAbstains() {
        Answer a = answer("知识库中没有找到与该问题相关的内容。", Optional.empty(), List.of());
        assertThat(Units.abstained(a)).isTrue();
        assertThat(Units.citationCoverage("")).isZero();
    }

    static Answer answer(String text, Optional<Answer.Emergency> emergency, List<Answer.Citation> citations) {
        return new Answer(text, Optional.empty(), citations, List.of(), List.of(), List.of(), emergency, "zh-Hans",
                new Answer.Timings(0, 0, 0, 0, 0), "strokekg-evidence", Trust.REVIEWED);
    }
}
