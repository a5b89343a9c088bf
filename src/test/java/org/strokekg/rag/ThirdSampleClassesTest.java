package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.testing.TestAnswers;

/**
 * The failure classes of the third review sample (round 10, docs/eval/failure-classes-s7.md), each with the team's own
 * questions on the seeded graph, through the shared pipeline: the most sensitive or first test asked; the test that
 * tells two conditions apart, written with a comma between them; research and trials asked; a patient's sex read as
 * sexual activity; a complication's diagnosis in the case of a patient living with a stroke's after-effects; the signs
 * of a damaged part of the brain and the type of a sensory disturbance; a stroke long past asked its treatment; the
 * drug that prevents asked, not the risk factors.
 */
class ThirdSampleClassesTest {

    static Frame frame(String q) {
        return TestAnswers.frame(q);
    }

    static String answer(String q) {
        return TestAnswers.ask(q).answer();
    }

    // ---- the most sensitive / the first test

    @Test
    void theMostSensitiveTestIsTheOneTheGraphCallsSensitive() {
        Frame f = frame("诊断早期脑梗死最敏感的影像学检查是什么？");
        assertThat(f.aspect()).isEqualTo(Aspect.TESTS);
        assertThat(f.topic()).contains(AspectCues.SENSITIVE_TOPIC);
        assertThat(answer("诊断早期脑梗死最敏感的影像学检查是什么？")).contains("头颅磁共振成像")
                .doesNotContain("血常规").doesNotContain("CT血管成像").doesNotContain("心肌损伤标志物");
        assertThat(answer("What is the most sensitive imaging test for early ischemic stroke?")).contains("MRI")
                .doesNotContain("CT angiography").doesNotContain("blood count");
    }

    @Test
    void whatTheSensitiveTestIsForAsksNoSigns() {
        // 「早期发现…敏感的检查」: 发现/识别 say what the test is for, not that the signs are asked
        Frame f = frame("早期识别脑出血非常敏感的检查方法是");
        assertThat(f.aspect()).isEqualTo(Aspect.TESTS);
        assertThat(f.moreAspects()).doesNotContain(Aspect.SYMPTOMS);
    }

    @Test
    void theBestInitialTestIsTheFirstChoiceTheGraphNames() {
        assertThat(answer("What is the best initial test for a suspected stroke?")).contains("non-contrast CT")
                .doesNotContain("MRI");
    }

    // ---- the test that tells two conditions apart

    @Test
    void aTestThatTellsTwoConditionsApartIsATestEvenWithCommas() {
        String q = "为了鉴别其为蛛网膜下腔出血，还是病毒性脑炎，应采用的检查方法是";
        assertThat(frame(q).aspect()).isEqualTo(Aspect.TESTS);
        assertThat(answer(q)).contains("腰椎穿刺").doesNotContain("尼莫地平").doesNotContain("动脉瘤夹闭术")
                .doesNotContain("分级");
    }

    @Test
    void theConditionToldApartFirstIsTheOneWhoseTestsAreAsked() {
        // the one named last stands next to the asking words; the one named after 鉴别 is what is to be shown
        Frame f = frame("为鉴别是脑出血，还是脑梗死，应采用的检查方法是");
        assertThat(f.aspect()).isEqualTo(Aspect.TESTS);
        assertThat(f.focus()).map(Frame.Focus::name).contains("脑出血");
    }

    // ---- research asked

    @Test
    void researchAskedIsSaidToBeMissingWithoutTheDefinition() {
        assertThat(frame("What research is being done on aphasia?").topic()).contains(AspectCues.RESEARCH_TOPIC);
        assertThat(frame("Does reducing spasticity translate into better arm function?").topic())
                .contains(AspectCues.RESEARCH_TOPIC);
        assertThat(frame("失语症有哪些临床试验？").topic()).contains(AspectCues.RESEARCH_TOPIC);
        assertThat(answer("What research is being done on aphasia?"))
                .contains("no information on its research and clinical trials").doesNotContain("aphasia:");
    }

    // ---- sex as a demographic

    @Test
    void aPatientsSexIsNotSexualActivity() {
        Frame f = frame("Is there a sex difference in outcome after intracerebral hemorrhage?");
        assertThat(f.topic()).isNotEqualTo(Optional.of("sex"));
        assertThat(answer("Does sex influence the response to intravenous thrombolysis in ischemic stroke?"))
                .doesNotContain("sexual activity");
        // sexual activity asked stays the daily-life question
        assertThat(frame("Can I have sex after a stroke?").topic()).contains("sex");
        assertThat(frame("中风后可以过性生活吗").topic()).contains("sex");
    }

    // ---- a complication in the case of a patient living with a stroke's after-effects

    @Test
    void theAfterEffectsOfAStrokeAreTheCasesHistoryAndItsNewFindingsAreDiagnosed() {
        String q = "患者，男，70岁，脑梗死后遗症患者，长期卧床，近3天发热、咳嗽咳痰、气促。造成患者上述情况最可能的原因是";
        Frame f = frame(q);
        assertThat(f.asksDiagnosis()).isTrue();
        assertThat(f.focus()).isEmpty();
        assertThat(f.patient().history()).contains("ischemic-stroke");
        assertThat(answer(q)).contains("吸入性肺炎").doesNotContain("没有关于脑梗死的病因");
        // the after-effects asked about themselves are no history
        assertThat(frame("中风后遗症怎么治疗").focus()).isPresent();
    }

    @Test
    void aComplicationThatIsItsOwnFindingIsNoDiagnosis() {
        // 偏瘫 presents with weakness, but no test diagnoses it in the graph: a case of weakness is not "偏瘫"
        String q = "患者，男，60岁，突发单侧肢体无力、划圈步态。造成患者上述情况最可能的原因是";
        assertThat(answer(q)).doesNotContain("符合偏瘫");
    }

    // ---- the signs of a damaged part of the brain, the type of a sensory disturbance

    @Test
    void theSignsOfADamagedPartOfTheBrainAreAskedOfThatPart() {
        Frame f = frame("丘脑损伤后有哪些表现");
        assertThat(f.focus()).map(Frame.Focus::name).contains("丘脑");
        assertThat(f.aspect()).isEqualTo(Aspect.SYMPTOMS);
        assertThat(answer("丘脑损伤后有哪些表现")).contains("偏身感觉障碍");
        // a part named as a place, not as what is damaged, is still no focus
        assertThat(frame("一只眼睛看不见是什么原因").focus().map(Frame.Focus::type)).isNotEqualTo(Optional.of("BodyPart"));
    }

    @Test
    void theTypeOfASensoryDisturbanceIsWhereItsLesionLies() {
        String q = "偏身感觉障碍伴对侧偏瘫，属于哪种类型的感觉障碍";
        assertThat(frame(q).aspect()).isEqualTo(Aspect.LESION_SITE);
        assertThat(answer(q)).contains("内囊");
    }

    // ---- a stroke long past

    @Test
    void aStrokeLongPastIsAskedItsLastingCareNotTheAcuteTreatment() {
        String q = "我母亲三年前脑梗死，现在该怎么治疗？";
        assertThat(frame(q).aspect()).isEqualTo(Aspect.PREVENTION);
        assertThat(frame(q).moreAspects()).doesNotContain(Aspect.TREATMENT);
        assertThat(answer(q)).contains("抗血小板治疗").doesNotContain("血管内治疗").doesNotContain("卒中单元")
                .doesNotContain("7.8～10mmol/L").doesNotContain("150～300mg");
        // a test told as done is the narrative, not a test asked
        assertThat(frame("去年检查有轻微脑梗塞，现在头晕，请问得怎么调整?").aspects()).doesNotContain(Aspect.TESTS);
        // a stroke now keeps its treatment
        assertThat(frame("脑梗死怎么治疗").aspect()).isEqualTo(Aspect.TREATMENT);
    }

    // ---- the drug that prevents

    @Test
    void theDrugThatPreventsIsAskedNotTheRiskFactors() {
        assertThat(answer("口服预防脑梗死的药物是什么")).contains("抗血小板治疗").doesNotContain("危险因素");
    }
}
