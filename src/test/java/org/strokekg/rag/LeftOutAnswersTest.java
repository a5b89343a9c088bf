package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;
import static org.strokekg.testing.TestAnswers.frame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an answer leaves out once the asked aspect is answered ({@link LeftOut}, {@link FoodAsked}), through the real
 * pipeline on the seeded test graph: a food question gets the diet only and is told first when the food is not in the
 * knowledge base; no "nothing on its Y" about an aspect beside the one answered; no definition before a "where"
 * answer; no operation for the medical treatment asked; no "after X" complication for X's signs; no sentence about
 * stroke patients for an asker without a stroke. The questions are the team's own.
 */
class LeftOutAnswersTest {

    @ParameterizedTest
    @CsvSource({"糖尿病病人可以吃榴莲吗？,榴莲", "高血压病人能喝普洱茶吗,普洱茶", "高血压芒果能不能吃？,芒果",
            "高血壓患者可以吃芒果嗎,芒果", "Can someone with diabetes eat mango?,mango", "有糖尿病的人可以吃人参吗,人参"})
    void aFoodAskedOfAConditionIsItsDietAndTheFood(String question, String food) {
        Frame f = frame(question);
        assertThat(f.aspect()).isEqualTo(Frame.Aspect.DIET);
        assertThat(f.topic()).contains(food);
        assertThat(f.moreAspects()).doesNotContain(Frame.Aspect.DRUGS, Frame.Aspect.DEFINITION, Frame.Aspect.OVERVIEW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"有高血压布洛芬片可以吃吗", "糖尿病患者能吃什么？", "高血压可以吃的降压药有哪些？",
            "脑梗死患者能吃阿司匹林吗", "痛风能吃非布司他吗", "高血压吃甜食有影响吗？我不知道还可不可以吃"})
    void aDrugOrAGeneralDietQuestionNamesNoFood(String question) {
        Frame f = frame(question);
        assertThat(f.aspect() == Frame.Aspect.DIET && f.topic().isPresent()).as(f.toString()).isFalse();
    }

    @Test
    void aFoodTheKnowledgeBaseLacksIsSaidFirstThenTheDietNoDrugsNoDefinition() {
        String a = ask("糖尿病病人可以吃榴莲吗？").answer();
        assertThat(a).startsWith("知识库中没有关于榴莲是否适合糖尿病").contains("宜吃").contains("忌吃")
                .doesNotContain("可采用").doesNotContain("胰岛素").doesNotContain("糖尿病：");
        String en = ask("Can someone with diabetes eat mango?").answer();
        assertThat(en).startsWith("The knowledge base has no information on whether mango")
                .contains("Recommended foods").doesNotContain("insulin").doesNotContain("treated with");
    }

    @Test
    void aFoodTheKnowledgeBaseNamesIsAnsweredByItsOwnFactOnly() {
        String a = ask("高血压病人能吃腌咸菜吗").answer();
        assertThat(a).contains("忌吃高盐食物").doesNotContain("没有关于").doesNotContain("宜吃新鲜蔬菜")
                .doesNotContain("氨氯地平");
    }

    @Test
    void noNothingOnARelationOrRiskFactorsWhenTheDiseasesThatCauseItAreKnown() {
        String a = ask("哪些疾病容易引起蛛网膜下腔出血").answer();
        assertThat(a).contains("动脉瘤").doesNotContain("关系").doesNotContain("没有关于").doesNotContain("危险因素");
        String hant = ask("易造成蛛網膜下腔出血的疾病有哪些").answer();
        assertThat(hant).contains("動脈瘤").doesNotContain("關係").doesNotContain("沒有關於");
    }

    @Test
    void aWhereQuestionGetsTheSiteNotTheDefinition() {
        String a = ask("高血压性脑出血常见的出血部位在哪里").answer();
        assertThat(a).contains("基底节").doesNotContain("玻璃样变");
        String en = ask("Where does hypertensive intracerebral hemorrhage usually occur?").answer();
        assertThat(en).contains("basal ganglia").doesNotContain("hyaline");
    }

    @Test
    void howCommonIsNotAnsweredWithItsTypes() {
        String a = ask("脑出血的发病率是多少").answer();
        assertThat(a).doesNotContain("类型包括").doesNotContain("属于");
    }

    @Test
    void theMedicalTreatmentAskedLeavesOutOperations() {
        String a = ask("脑出血内科治疗的主要措施有哪些").answer();
        assertThat(a).contains("降颅压").doesNotContain("血肿清除术").doesNotContain("手术清除");
    }

    @Test
    void aConditionsSignsLeaveOutWhatFollowsIt() {
        String a = ask("蛛网膜下腔出血有哪些表现").answer();
        assertThat(a).contains("头痛").doesNotContain("脑积水");
    }

    @Test
    void anAskerWithoutAStrokeIsNotToldAboutStrokePatients() {
        String a = ask("我有慢性胃炎，还天天抽烟，吸烟对我有什么影响？").answer();
        assertThat(a).doesNotContain("卒中后").doesNotContain("青年卒中");
        String en = ask("I have asthma and I smoke. What does smoking do to me?").answer();
        assertThat(en).doesNotContainIgnoringCase("after a stroke").doesNotContainIgnoringCase("stroke survivors");
    }
}
