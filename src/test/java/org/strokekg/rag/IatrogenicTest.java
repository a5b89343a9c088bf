package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;

import org.junit.jupiter.api.Test;

/**
 * A complication that only an intervention causes (颈部切口血肿 after carotid endarterectomy, 口舌血管性水肿 after
 * alteplase) is put forward for a symptom only when the question names the intervention ({@link Iatrogenic}); a
 * condition with causes of its own (脑出血: warfarin, but hypertension too) is not affected. On the seed, through the
 * shared answer pipeline; the questions are ours, in the manner of the public dev set's inpatient cases.
 */
class IatrogenicTest {

    private static final String INPATIENT = "男，60岁。因脑梗死住院10天，突发呼吸困难2小时。查体：呼吸急促，口唇发绀，"
            + "肺部可闻及哮鸣音。该患者呼吸困难最可能的原因是";

    @Test
    void aComplicationOfAnInterventionTheCaseDoesNotNameIsNotPutForward() {
        String answer = ask(INPATIENT).answer();
        assertThat(answer).contains("肺栓塞").doesNotContain("颈部切口血肿").doesNotContain("口舌血管性水肿");
    }

    @Test
    void theInterventionNamedBringsItsComplicationBack() {
        assertThat(ask("颈动脉内膜剥脱术后第一天出现呼吸困难，是什么原因").answer()).contains("颈部切口血肿");
        // 静脉溶栓 uses 阿替普酶, which causes the angioedema: naming the treatment names the drug
        assertThat(ask("溶栓后舌头肿了、呼吸困难是怎么回事").answer()).contains("口舌血管性水肿");
    }
}
