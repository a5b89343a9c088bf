package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;
import static org.strokekg.testing.TestAnswers.frame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strokekg.rag.Frame.Aspect;

/**
 * The lesion-site and TCM aspects of exam and clinical-case questions: read from their cues in simplified and
 * traditional Chinese and in English, a case's sub-question included; then answered through the real pipeline on the
 * seed with the site or the pattern, principle and formula, never with Western acute treatment or the generic facts
 * of a finding.
 */
class ExamAspectsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Weber综合征的病变部位在哪里？                                   | LESION_SITE
            Weber綜合徵的病變部位在哪裡？                                   | LESION_SITE
            右侧动眼神经麻痹伴左侧偏瘫，病灶位于                            | LESION_SITE
            右側動眼神經麻痹伴左側偏癱，病灶位於                            | LESION_SITE
            患者口角歪斜伴对侧肢体瘫痪，其定位诊断是                        | LESION_SITE
            对侧下肢为主的偏瘫是哪支动脉闭塞                                | LESION_SITE
            對側下肢為主的偏癱是哪支動脈閉塞                                | LESION_SITE
            Where is the lesion in a patient with left hemiplegia and a right third nerve palsy? | LESION_SITE
            Which artery is occluded when the leg is weaker than the arm?   | LESION_SITE
            How is a brainstem lesion localised?                            | LESION_SITE
            中风风痰入络证的代表方是什么                                    | TCM
            中風風痰入絡證的代表方是什麼                                    | TCM
            中风中脏腑闭证的治法                                            | TCM
            中风的中医证型有哪些                                            | TCM
            中風的中醫證型有哪些                                            | TCM
            安宫牛黄丸治疗中风适用于什么证？                                | TCM
            What is the TCM pattern of wind-stroke with a red face and a yellow greasy tongue coating? | TCM
            Which herbal formula is used in traditional Chinese medicine for stroke? | TCM
            """)
    void cuesNameTheAspect(String question, Aspect aspect) {
        assertThat(frame(question).aspect()).as(question).isEqualTo(aspect);
    }

    @Test
    void whereADiseaseUsuallyOccursIsStillItsDefinition() {
        // 「好发部位」 asks where a disease usually occurs, not where this patient's lesion is
        Frame f = frame("脑出血最常见的部位是哪里？");
        assertThat(f.aspect()).isEqualTo(Aspect.DEFINITION);
        assertThat(f.topic()).contains("location");
    }

    @Test
    void aWesternTreatmentQuestionStaysWestern() {
        assertThat(frame("中风怎么治疗？").aspect()).isEqualTo(Aspect.TREATMENT);
        assertThat(frame("脑梗死要做哪些检查").aspect()).isEqualTo(Aspect.TESTS);
    }

    @Test
    void aVignetteSubQuestionSelectsTheAspect() {
        String item = "患者男，66岁，突发右侧眼睑下垂、右眼外斜、瞳孔散大，左侧上下肢瘫痪。1．最可能的诊断是\n2．最可能的病变部位是";
        Frame f = frame(item);
        assertThat(f.setting()).isEqualTo(Frame.Setting.VIGNETTE);
        assertThat(f.subQuestion()).hasValueSatisfying(s -> assertThat(s).contains("病变部位"));
        assertThat(f.aspect()).isEqualTo(Aspect.LESION_SITE);
        // a case told in TCM terms asks its drug in TCM terms
        Frame t = frame("患者中风后神昏，面赤身热，躁扰不宁，苔黄腻，脉弦滑数。\n1．其证型是\n2．宜选用的药物是");
        assertThat(t.aspect()).isEqualTo(Aspect.TCM);
        assertThat(t.moreAspects()).doesNotContain(Aspect.TREATMENT, Aspect.DRUGS);
    }

    @Test
    void aCaseOfCrossedParalysisWithOculomotorPalsyIsLocalisedToTheMidbrain() {
        Answer a = ask("患者男，65岁，突发右侧眼睑下垂，右眼外斜、瞳孔散大，左侧上下肢瘫痪，左侧中枢性面舌瘫。病变部位最可能在");
        assertThat(a.frame().aspect()).isEqualTo(Aspect.LESION_SITE);
        assertThat(a.answer()).contains("中脑").contains("Weber")
                .doesNotContain("阿替普酶").doesNotContain("溶栓").doesNotContain("偏瘫：");
        assertThat(a.emergency()).isEmpty();
    }

    @Test
    void theThreeHemiSignIsTheInternalCapsule() {
        Answer a = ask("患者突发左侧偏瘫、左侧偏身感觉障碍和左侧同向性偏盲，最可能的病变部位是");
        assertThat(a.answer()).contains("内囊").doesNotContain("偏盲发生于").doesNotContain("阿替普酶");
    }

    @Test
    void aNamedSyndromeIsAnsweredWithItsSite() {
        Answer a = ask("Gerstmann综合征的病变部位在哪里？");
        assertThat(a.answer()).contains("角回");
        Answer en = ask("Where is the lesion in Weber syndrome?");
        assertThat(en.frame().aspect()).isEqualTo(Aspect.LESION_SITE);
        assertThat(en.answer()).contains("midbrain");
        assertThat(en.answer().codePoints().filter(Character::isIdeographic).count()).isZero();
    }

    @Test
    void aTcmPatternIsAnsweredWithItsPrincipleAndFormulaNotWesternTreatment() {
        Answer a = ask("中风中经络风痰入络证的治法和代表方是什么？");
        assertThat(a.frame().aspect()).isEqualTo(Aspect.TCM);
        assertThat(a.answer()).contains("祛风化痰通络").contains("真方白丸子")
                .doesNotContain("阿替普酶").doesNotContain("取栓").doesNotContain("阿司匹林");
        // sentences that do not name their subject are quoted with it
        Answer c = ask("中风患者突然昏仆，不省人事，牙关紧闭，面赤身热，躁扰不宁，苔黄腻，脉弦滑数。宜选用的药物是");
        assertThat(c.frame().aspect()).isEqualTo(Aspect.TCM);
        assertThat(c.answer()).contains("安宫牛黄丸").doesNotContain("溶栓");
    }

    @Test
    void aTcmQuestionInEnglishGetsEnglishSentences() {
        Answer a = ask("In traditional Chinese medicine, what is the representative formula for the collapse pattern of wind-stroke?");
        assertThat(a.frame().aspect()).isEqualTo(Aspect.TCM);
        assertThat(a.answer()).contains("Shenfu").doesNotContain("alteplase");
        assertThat(a.answer().codePoints().filter(Character::isIdeographic).count()).isZero();
    }

    @Test
    void westernAnswersQuoteNoTcm() {
        Answer a = ask("中风怎么治疗？");
        assertThat(a.answer()).doesNotContain("代表方").doesNotContain("证型").doesNotContain("开窍");
    }

    @Test
    void whenTheGraphKnowsTheFocusButNotThisAspectItSaysSo() {
        // the TCM knowledge covers wind-stroke, not cerebral venous thrombosis
        Answer a = ask("脑静脉窦血栓形成的中医证型和代表方是什么？");
        assertThat(a.frame().aspect()).isEqualTo(Aspect.TCM);
        assertThat(a.answer()).contains("知识库中有").contains("但没有关于").doesNotContain("抗凝");
    }
}
