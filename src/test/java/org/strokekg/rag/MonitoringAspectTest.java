package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;
import static org.strokekg.testing.TestAnswers.frame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.testing.TestApp;

/**
 * "Which test monitors drug X": a graph fact ({@code X MONITORED_BY test}, curated with its source) read by the tests
 * aspect when the focus is the drug; a question that names the condition the drug is taken for (atrial fibrillation)
 * is still about the drug. On the seed, through the shared answer pipeline ({@link org.strokekg.testing.TestAnswers}),
 * in Chinese and English. Nothing here depends on another test class having run first.
 */
class MonitoringAspectTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            华法林需要监测什么指标？                                                      | warfarin
            吃華法林要監測什麼？                                                          | warfarin
            肝素抗凝用什么指标监测                                                        | ufh
            房颤病人吃华法林要查什么指标？                                                | warfarin
            How is warfarin monitored?                                                    | warfarin
            Which blood test monitors heparin?                                            | ufh
            Which test monitors warfarin?                                                 | warfarin
            What lab test for warfarin?                                                   | warfarin
            My father has atrial fibrillation and takes warfarin. Which test monitors it? | warfarin
            """)
    void monitoringIsATestQuestionAboutTheDrug(String question, String focus) {
        Frame f = frame(question);
        assertThat(f.aspect()).as(question).isEqualTo(Aspect.TESTS);
        assertThat(f.focus().map(Frame.Focus::id)).as(question).contains(focus);
    }

    @Test
    void aCaseNamingSeveralDrugsIsAboutTheOneATestMonitors() {
        // an exam case in the public dev set's manner (our wording): four drugs named, one has a monitoring test
        String q = "A 70-year-old man with hypertension and atrial fibrillation had a stroke last year. He takes "
                + "metoprolol, amlodipine, warfarin and atorvastatin. To assess adherence and therapeutic efficacy, "
                + "which of the following studies should be ordered?\nA. Echocardiogram\nB. International normalized "
                + "ratio\nC. Partial thromboplastin time\nD. Serum drug levels";
        Frame f = frame(q);
        assertThat(f.aspect()).isEqualTo(Aspect.TESTS);
        assertThat(f.focus().map(Frame.Focus::id)).contains("warfarin");
        assertThat(ask(q).answer()).contains("international normalized ratio").doesNotContain("thromboplastin");
    }

    @Test
    void theMonitoringTestsAreGraphFactsWithTheirSources() {
        var graph = TestApp.app().graph();
        var facts = graph.around(List.of("warfarin", "ufh"), java.util.Set.of("MONITORED_BY"), 10).stream()
                .flatMap(a -> a.hops().stream()).map(h -> h.relation().startId() + "→" + h.relation().endId()
                        + "|" + h.relation().source() + "|" + h.relation().trust())
                .toList();
        assertThat(facts).anyMatch(x -> x.startsWith("warfarin→inr|中国缺血性脑卒中") && x.endsWith("CURATED"))
                .anyMatch(x -> x.startsWith("ufh→aptt|《内科学》") && x.endsWith("CURATED"));
        assertThat(AspectFacts.types(AspectFacts.rules(Aspect.TESTS, Frame.Direction.NONE))).contains("MONITORED_BY");
    }

    @Test
    void warfarinIsMonitoredByTheInr() {
        Answer a = ask("华法林需要监测什么指标？");
        assertThat(a.answer()).contains("华法林的监测指标是国际标准化比值").contains("2.0～3.0").doesNotContain("没有关于");
        assertThat(a.citations()).anyMatch(c -> c.text().contains("华法林的监测指标是国际标准化比值"));
        String en = ask("How is warfarin monitored?").answer();
        assertThat(en).contains("Warfarin is monitored with the international normalized ratio").contains("2.0 to 3.0");
    }

    @Test
    void heparinIsMonitoredByTheAptt() {
        assertThat(ask("肝素抗凝用什么指标监测").answer()).contains("普通肝素的监测指标是活化部分凝血活酶时间")
                .contains("APTT").doesNotContain("INR").doesNotContain("没有关于");
        assertThat(ask("Which blood test monitors heparin?").answer())
                .contains("monitored with the activated partial thromboplastin time").doesNotContain("INR");
    }

    @Test
    void anAtrialFibrillationPatientOnWarfarinIsAnsweredWithTheInrNotTheEcg() {
        String a = ask("My father has atrial fibrillation and takes warfarin. Which test monitors it?").answer();
        assertThat(a).contains("international normalized ratio").doesNotContain("electrocardiogram")
                .doesNotContain("CHA2DS2");
    }

    @Test
    void aConditionsOwnTestsAreStillItsOwn() {
        // no drug named: atrial fibrillation's tests, not warfarin's
        Frame f = frame("心房颤动需要做什么检查？");
        assertThat(f.focus().map(Frame.Focus::id)).contains("atrial-fibrillation");
        assertThat(ask("心房颤动需要做什么检查？").answer()).contains("心电图").doesNotContain("国际标准化比值");
    }

    @Test
    void aTreatmentsTestsAreTheOnesItUses() {
        // 抗凝治疗 USES 凝血功能检查 and APTT: read for a test question about the treatment
        assertThat(AspectFacts.types(AspectFacts.rules(Aspect.TESTS, Frame.Direction.NONE))).contains("USES");
        assertThat(ask("抗凝治疗需要做什么检查？").answer()).contains("活化部分凝血活酶时间");
    }
}
