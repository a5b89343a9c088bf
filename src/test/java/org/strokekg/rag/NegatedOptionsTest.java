package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;

import org.junit.jupiter.api.Test;

/**
 * Exam items asked in the negative («下列哪项不是…», «…错误的是», "all of the following … EXCEPT"), team-written in the
 * shapes of the public items, answered through the real pipeline on the seed (TestApp): each option checked against
 * the trusted evidence, the supported ones cited, the one without support named only as the one the knowledge base does
 * not support, never as false; honest when it supports none or all; the usual answer, with one sentence on what it
 * shows, for a stem asked without options; and questions with a negation that are no exam items left as they were.
 */
class NegatedOptionsTest {

    @Test
    void theOptionWithoutSupportIsNamedAsUnsupportedNotAsFalse() {
        Answer a = ask("下列哪项不是脑出血的表现\nA. 剧烈头痛\nB. 意识障碍\nC. 脱发\nD. 偏瘫");
        assertThat(a.answer()).startsWith("知识库支持A（剧烈头痛）[").contains("B（意识障碍）[").contains("D（偏瘫）[")
                .contains("为脑出血的症状").contains("没有支持C（脱发）的资料").contains("C是知识库不支持的一项")
                .doesNotContain("C是错误").doesNotContain("不是脑出血的症状");
        // every supported option is cited by the fact it rests on
        assertThat(a.citations()).anySatisfy(c -> assertThat(c.text()).contains("脑出血").contains("剧烈头痛"));
        assertThat(a.citations()).anySatisfy(c -> assertThat(c.text()).contains("脑出血").contains("意识障碍"));
        assertThat(a.citations()).noneSatisfy(c -> assertThat(c.text()).contains("脱发"));
        // the claim of absence cites what the knowledge base has on the topic: every sentence cites
        assertThat(org.strokekg.eval.Units.citationCoverage(a.answer())).isEqualTo(1.0);
    }

    @Test
    void anEnglishExceptItemIsAnsweredInEnglish() {
        Answer a = ask("Each of the following is a symptom of intracerebral hemorrhage EXCEPT:\nA. severe headache\n"
                + "B. hair loss\nC. vomiting\nD. impaired consciousness");
        assertThat(a.answer()).startsWith("The knowledge base supports A (severe headache)[")
                .contains("C (vomiting)[").contains("D (impaired consciousness)[")
                .contains("as symptoms of intracerebral hemorrhage")
                .contains("it has nothing supporting B (hair loss)")
                .contains("B is the one the knowledge base does not support")
                .doesNotContainPattern("\\p{IsHan}").doesNotContain("false");
    }

    @Test
    void severalUnsupportedOptionsAreNotCalledFalse() {
        // traditional script in, traditional script out
        Answer a = ask("下列哪項不屬於短暫性腦缺血發作的治療？\nA. 抗血小板治療\nB. 雙聯抗血小板治療\nC. 拔火罐\nD. 刮痧");
        assertThat(a.frame().aspect()).isEqualTo(Frame.Aspect.TREATMENT);
        assertThat(a.answer()).contains("A（抗血小板治療）[").contains("B（雙聯抗血小板治療）[")
                .contains("沒有支持C（拔火罐）或D（刮痧）的資料").contains("沒有資料並不說明它們是錯誤的")
                .doesNotContain("不支持的一項");
    }

    @Test
    void aStatementIsSupportedOnlyBySentenceThatSaysIt() {
        Answer a = ask("关于轻型卒中和高危TIA双联抗血小板治疗的说法，错误的是\n"
                + "A. 推荐尽早启动阿司匹林联合氯吡格雷\nB. 持续21天，之后改为单药长期治疗\n"
                + "C. 双抗应终身持续，不会增加出血风险\nD. 可显著降低早期复发");
        assertThat(a.answer()).contains("的说法").contains("没有支持C（双抗应终身持续，不会增加出血风险）的资料")
                .contains("C是知识库不支持的一项");
        // the supporting sentence is the citation's text, word for word
        assertThat(a.citations()).anySatisfy(c -> assertThat(c.text()).contains("持续21天，之后改为单药长期治疗"));
    }

    @Test
    void noneOrAllSupportedIsSaidHonestly() {
        assertThat(ask("下列哪项不是脑出血的症状\nA. 脱发\nB. 耳鸣\nC. 牙痛").answer())
                .contains("没有支持任何一个选项为脑出血的症状的资料").contains("没有资料并不说明哪个选项是错误的");
        assertThat(ask("下列哪项不是脑出血的症状\nA. 剧烈头痛\nB. 意识障碍\nC. 偏瘫").answer())
                .contains("每个选项都有知识库的支持").contains("无法据此找出不是的一项");
    }

    @Test
    void aStemWithoutOptionsGetsItsFactsAndWhatTheyShow() {
        Answer zh = ask("以下哪项为基底动脉闭塞时不会出现的表现");
        assertThat(zh.answer()).contains("基底动脉闭塞可出现").contains("此题问的是哪一项“不是”")
                .contains("并不因此就是错误的");
        Answer en = ask("Which of the following is NOT a symptom of a transient ischemic attack?");
        assertThat(en.answer()).contains("This item asks for the option that is NOT so")
                .contains("the question's options were not sent")
                .contains("does not show that it is false")
                .doesNotContain("each option sent with the item is checked");
        assertThat(org.strokekg.eval.Units.citationCoverage(zh.answer())).isEqualTo(1.0);
        assertThat(org.strokekg.eval.Units.citationCoverage(en.answer())).isEqualTo(1.0);
    }

    @Test
    void aNegationThatIsNoExamItemIsLeftAlone() {
        // what to avoid is asked, and a positive item with options is answered as before
        assertThat(ask("中风后不能吃什么").answer()).doesNotContain("此题").doesNotContain("知识库支持");
        assertThat(ask("脑出血的症状有哪些\nA. 剧烈头痛\nB. 脱发").answer()).doesNotContain("知识库支持")
                .contains("剧烈头痛");
        assertThat(ask("Why can't I sleep after a stroke?").answer()).doesNotContain("This item asks");
    }
}
