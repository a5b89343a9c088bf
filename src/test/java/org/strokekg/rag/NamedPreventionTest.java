package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.testing.TestAnswers;

/**
 * Whether a named drug prevents a condition ("Can aspirin prevent stroke?", "Does aspirin reduce the risk of
 * stroke?", 「阿司匹林能预防脑卒中吗」) asks about that drug: the answer is what joins the drug and the condition, not the
 * condition's list of lifestyle measures (issue 22; found in session s8, where the English wording read no aspect at
 * all and the drug was dropped from the frame). The questions are the team's own, on the seed graph.
 */
class NamedPreventionTest {

    @Test
    void aDrugAskedToPreventAConditionIsTheOtherEnd() {
        for (String q : new String[] {"Can aspirin prevent stroke?", "Does aspirin reduce the risk of stroke?",
                "阿司匹林能预防脑卒中吗"}) {
            Frame f = TestAnswers.frame(q);
            assertThat(f.aspect()).as(q).isEqualTo(Aspect.PREVENTION);
            assertThat(f.others()).as(q).extracting(Frame.Focus::id).containsExactly("aspirin");
            String a = TestAnswers.ask(q).answer();
            assertThat(a).as(q).containsAnyOf("aspirin", "阿司匹林").doesNotContain("regular exercise")
                    .doesNotContain("规律运动");
        }
    }

    @Test
    void aWordThatOnlyNearlyNamesADrugIsNotTheDrugAsked() {
        // "inhibitor" is matched to ACE inhibitors only fuzzily: the answer must not lead with ACEI's description
        String q = "Which oral direct thrombin inhibitor is used to prevent stroke in atrial fibrillation?";
        assertThat(TestAnswers.frame(q).others()).extracting(Frame.Focus::id).doesNotContain("acei");
        assertThat(TestAnswers.ask(q).answer()).doesNotContain("ACEI:");
    }

    @Test
    void reducingTheRiskOfAConditionIsPreventionButNotOfAnOutcome() {
        assertThat(TestAnswers.frame("How can I reduce the risk of stroke?").aspect()).isEqualTo(Aspect.PREVENTION);
        assertThat(TestAnswers.frame("Does statin pretreatment reduce the risk of poor outcome after stroke?").aspect())
                .isNotEqualTo(Aspect.PREVENTION);
    }
}
