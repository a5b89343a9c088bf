package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strokekg.StrokeKg;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.search.Retrieval;
import org.strokekg.testing.TestApp;

/**
 * "Which test monitors drug X": the graph has no relation from a drug to a test, so the question is read as a test
 * question (not the drug's indications) and answered from what a treatment uses and from the passage sentences that
 * name the monitoring test — on the seed, through the real pipeline, in Chinese and English.
 */
class MonitoringAspectTest {

    static FrameReader reader;
    static AnswerService answers;

    @BeforeAll
    static void app() {
        StrokeKg kg = TestApp.app();
        reader = new FrameReader(new Retrieval(kg.entityIndex(), kg.passageIndex()));
        answers = kg.answers();
    }

    static Answer ask(String question) {
        return answers.answer(AnswerRequest.of(question));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            华法林需要监测什么指标？          | warfarin
            吃華法林要監測什麼？              | warfarin
            肝素抗凝用什么指标监测            | ufh
            How is warfarin monitored?        | warfarin
            Which blood test monitors heparin? | ufh
            """)
    void monitoringIsATestQuestionAboutTheDrug(String question, String focus) {
        Frame f = reader.read(question).frame();
        assertThat(f.aspect()).as(question).isEqualTo(Aspect.TESTS);
        assertThat(f.focus().map(Frame.Focus::id)).as(question).contains(focus);
    }

    @Test
    void warfarinIsMonitoredByTheInr() {
        String a = ask("华法林需要监测什么指标？").answer();
        assertThat(a).contains("INR").contains("2.0～3.0").doesNotContain("没有关于");
        String en = ask("How is warfarin monitored?").answer();
        assertThat(en).contains("INR").contains("2.0 to 3.0");
    }

    @Test
    void heparinIsMonitoredByTheAptt() {
        assertThat(ask("肝素抗凝用什么指标监测").answer()).contains("APTT").doesNotContain("INR");
        assertThat(ask("Which blood test monitors heparin?").answer()).contains("aPTT");
    }

    @Test
    void aTreatmentsTestsAreTheOnesItUses() {
        // 抗凝治疗 USES 凝血功能检查 and APTT: read for a test question about the treatment
        assertThat(AspectFacts.types(AspectFacts.rules(Aspect.TESTS, Frame.Direction.NONE))).contains("USES");
        assertThat(ask("抗凝治疗需要做什么检查？").answer()).contains("活化部分凝血活酶时间");
    }
}
