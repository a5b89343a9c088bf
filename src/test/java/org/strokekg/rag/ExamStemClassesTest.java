package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Setting;
import org.strokekg.testing.TestAnswers;
import org.strokekg.text.SettingCues;
import org.strokekg.text.TextNormalizer;
import org.junit.jupiter.api.Test;

/**
 * Three exam-stem classes an earlier clinical review found, with the team's own questions: a stem without options
 * asking what a disease's patients do not show (「X患者…不会出现的…是」: X is the item's focus, not a history, and an
 * exam stem carries no warning-sign notice); a stem asking which member needs no treatment (the members held, and that
 * the knowledge base says nothing on which needs none); and an English case that states its scan and then asks the
 * treatment (the final question's aspect, not the stated scan's).
 */
class ExamStemClassesTest {

    static Frame frame(String q) {
        return TestAnswers.frame(q);
    }

    static Answer ask(String q) {
        return TestAnswers.ask(q);
    }

    // class 1: 「X患者…不会出现的」

    @Test
    void theDiseaseWhosePatientsAStemAsksAboutIsItsFocusNotAHistory() {
        Frame f = frame("蛛网膜下腔出血患者通常不会出现的体征是");
        assertThat(f.focus()).hasValueSatisfying(x -> assertThat(x.name()).isEqualTo("蛛网膜下腔出血"));
        assertThat(f.aspect()).isEqualTo(Aspect.SYMPTOMS);
        assertThat(f.setting()).isEqualTo(Setting.VIGNETTE);
        assertThat(f.patient().history()).isEmpty();
        assertThat(frame("脑梗死病人最常见的临床表现是什么").focus())
                .hasValueSatisfying(x -> assertThat(x.name()).isEqualTo("脑梗死"));
    }

    @Test
    void aNegatedSymptomStemGetsTheSymptomsHeldAndTheOneHonestSentenceWithoutANotice() {
        Answer a = ask("脑梗死患者一般不会出现的症状是");
        assertThat(a.emergency()).isEmpty();
        assertThat(a.answer()).contains("脑梗死可出现").contains("此题问的是哪一项“不是”")
                .doesNotContain("BE-FAST").doesNotContain("120");
        Answer en = ask("Which of the following is not usually seen in patients with subarachnoid hemorrhage?");
        assertThat(en.emergency()).isEmpty();
        assertThat(en.answer()).contains("This item asks for the option that is NOT so");
    }

    @Test
    void aPatientWithAConditionBesideWhatIsAskedKeepsItAsHistory() {
        // not the class: the headache is asked of a patient with hypertension
        assertThat(frame("高血压患者突发头痛怎么办").patient().history()).contains("hypertension");
    }

    @Test
    void anExamStemIsNoLayQuestionOnWarningSigns() {
        assertThat(SettingCues.vignette(TextNormalizer.forMatching("以下哪项不是脑梗死的表现"))).isTrue();
        assertThat(SettingCues.vignette(TextNormalizer.forMatching("短暂性脑缺血发作不会引起的是"))).isTrue();
        assertThat(SettingCues.vignette(TextNormalizer.forMatching("中风的前兆是什么"))).isFalse();
        assertThat(SettingCues.vignette(TextNormalizer.forMatching("中风以下的人要注意什么"))).isFalse();
    }

    // class 2: which one needs no treatment

    @Test
    void whichComplicationNeedsNoTreatmentIsNeverAnswered() {
        Answer zh = ask("中风以后出现的哪一种并发症可以不用处理");
        assertThat(zh.frame().focus()).hasValueSatisfying(x -> assertThat(x.name()).isEqualTo("脑卒中"));
        assertThat(zh.answer()).contains("是脑卒中的并发症").contains("没有关于其中哪一种不需要治疗的资料")
                .contains("并不说明其中任何一种可以不治疗").doesNotContain("卒中单元");
        Answer en = ask("Which of the complications of a stroke does not require any treatment?");
        assertThat(en.answer()).contains("complications of stroke")
                .contains("nothing on which of them needs no treatment")
                .contains("does not mean any of them may be left untreated").doesNotContain("stroke unit");
        assertThat(org.strokekg.eval.Units.citationCoverage(en.answer())).isEqualTo(1.0);
    }

    @Test
    void withOptionsNoOptionIsNamedAsTheOneNeedingNoTreatment() {
        Answer a = ask("下列哪种卒中并发症无需治疗\nA. 卒中相关性肺炎\nB. 尿路感染\nC. 卒中后抑郁\nD. 脱发");
        assertThat(a.answer()).contains("没有关于其中哪一种不需要治疗的资料").doesNotContain("不支持的一项")
                .doesNotContain("D是");
    }

    @Test
    void whichIsNotATreatmentIsStillCheckedOptionByOption() {
        // not the class: 「不属于…的治疗」 asks which is no treatment of it, which the options answer
        Answer a = ask("下列哪项不属于脑梗死的治疗\nA. 静脉溶栓\nB. 刮痧");
        assertThat(a.answer()).doesNotContain("不需要治疗");
    }

    // class 3: a case's stated scan is context, its final question the aspect

    @Test
    void aStatedScanIsContextAndTheFinalQuestionTheAspect() {
        Frame f = frame("A 58-year-old woman with diabetes suddenly cannot move her right arm. MRI shows an acute "
                + "infarct in the left internal capsule. How should she be treated?");
        assertThat(f.aspect()).isEqualTo(Aspect.TREATMENT);
        // the condition she lives with is background and the scan's result context: neither is what is asked of
        assertThat(f.focus().map(Frame.Focus::type)).isNotIn(java.util.Optional.of("Disease"),
                java.util.Optional.of("Examination"));
        assertThat(frame("A 70-year-old man has sudden slurred speech. CT of the head is normal. Which test "
                + "should be done next?").aspect()).isEqualTo(Aspect.TESTS);
        // a decimal or an abbreviation does not end a sentence
        assertThat(frame("Blood glucose is 5.5 mmol/L in this case of stroke. What treatment is needed?").aspect())
                .isEqualTo(Aspect.TREATMENT);
    }
}
