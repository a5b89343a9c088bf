package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;
import static org.strokekg.testing.TestAnswers.frame;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.strokekg.text.EmergencyDetector;
import org.strokekg.text.EmergencyNotice;

/**
 * Answers through the real pipeline (seeded graph and passages, evidence mode) for questions whose subject the graph
 * does not hold: they name the missing term and state none of the linked hub's neighbourhood; candidates that do not
 * fit the patient (young-adult causes for an older patient, infarctions for a case with a bleed) are not put forward;
 * the warning-sign notice stays off research questions and on where it must fire. The questions are the team's own.
 */
class FocusAnswersTest {

    @Test
    void aDrugTheGraphLacksIsNamedNotTheBleedsNeighbourhood() {
        Answer a = ask("与异烟肼同用会增加脑出血风险的药物是");
        assertThat(a.frame().unknownSubject()).contains("异烟肼");
        assertThat(a.answer()).contains("知识库中没有关于「异烟肼」")
                .doesNotContain("脑出血可").doesNotContain("危险因素").doesNotContain("可采用");
        assertThat(a.citations()).allSatisfy(c -> assertThat(c.text()).contains("异烟肼"));
    }

    @Test
    void aLabValueTheGraphLacksInTraditionalChinese() {
        Answer a = ask("腦卒中患者血清鐵蛋白的參考值是多少");
        assertThat(a.frame().unknownSubject()).contains("鐵蛋白");
        assertThat(a.answer()).contains("知識庫中沒有關於").contains("鐵蛋白").doesNotContain("腦卒中可");
    }

    @Test
    void aRelationToADiseaseTheGraphLacks() {
        Answer a = ask("脑出血和马凡综合征有什么关系");
        assertThat(a.frame().unknownSubject()).contains("马凡综合征");
        assertThat(a.answer()).contains("马凡综合征").doesNotContain("高血压");
    }

    @Test
    void aResearchMarkerIsNamedInEnglishWithoutTheStrokeOverview() {
        Answer a = ask("Is plasma osteopontin useful to predict recurrence after ischemic stroke?");
        assertThat(a.frame().unknownSubject()).contains("plasma osteopontin");
        assertThat(a.answer()).contains("\u201cplasma osteopontin\u201d").doesNotContain("can present with")
                .doesNotContain("is a type of");
        assertThat(a.answer().codePoints().noneMatch(Character::isIdeographic)).isTrue();
        assertThat(a.emergency()).isEmpty();
    }

    @Test
    void aSubjectTheGraphHoldsIsStillAnswered() {
        Answer a = ask("脑出血有哪些症状");
        assertThat(a.frame().unknownSubject()).isEmpty();
        assertThat(a.answer()).contains("脑出血可出现").doesNotContain("知识库中没有关于");
    }

    @Test
    void youngAdultCausesAreNotPutForwardForAnOlderPatient() {
        Answer older = ask("女，74岁，诊断为脑梗死，其病因可能是什么");
        assertThat(older.answer()).doesNotContain("颈部动脉夹层").doesNotContain("烟雾病");
        Answer young = ask("男，29岁，诊断为脑梗死，其病因可能是什么");
        assertThat(young.answer()).contains("颈部动脉夹层");
        // asked in general, they are causes like any other, with their note
        assertThat(ask("脑梗死的病因有哪些").answer()).contains("颈部动脉夹层");
    }

    @Test
    void aCaseWithMeningismGetsNoInfarctionThroughVertigoAndVomiting() {
        Answer a = ask("男，63岁。突发剧烈头痛伴呕吐、眩晕3小时，查体：脑膜刺激征阳性，四肢活动自如。最可能的诊断是");
        assertThat(a.frame().patient().cautions()).contains(Frame.Caution.BRAIN_BLEED);
        assertThat(a.answer()).doesNotContain("梗死").contains("出血");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "Sudden slurred speech and face drooping in Huntington disease: an overlooked association?",
        "What is the mechanism by which sudden slurred speech and face drooping arise in a stroke?",
        "突然说话不清、口角歪斜的发病机制研究有哪些进展",
    })
    void researchQuestionsGetNoWarningSignNotice(String question) {
        EmergencyDetector detector = new EmergencyDetector();
        Optional<EmergencyNotice> detected = detector.detect(question);
        assertThat(detected).as("the detector alone fires").isPresent();
        Frame frame = frame(question);
        assertThat(EmergencyPolicy.fit(detected, frame, question)).isEmpty();
        assertThat(ask(question).emergency()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "我爸突然说话不清、一侧手脚无力，怎么办",
        "What are the warning signs of a stroke?",
        "My mother suddenly cannot speak and her face is drooping. What should I do?",
    })
    void theNoticeStillFiresWhereItMust(String question) {
        assertThat(ask(question).emergency()).isPresent();
    }
}
