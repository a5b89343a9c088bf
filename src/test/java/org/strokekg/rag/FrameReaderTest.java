package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.frame;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strokekg.rag.Frame.AgeGroup;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.rag.Frame.Caution;
import org.strokekg.rag.Frame.Direction;
import org.strokekg.rag.Frame.Focus;
import org.strokekg.rag.Frame.Setting;

/**
 * The frame stage on real linking (the seed's entity index): many forms of question in simplified and traditional
 * Chinese and in English, each read for its focus, aspect and direction, setting and patient.
 */
class FrameReaderTest {

    static String focus(Frame f) {
        return f.focus().map(Focus::id).orElse("-");
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            脑出血有哪些症状                        | intracerebral-hemorrhage | SYMPTOMS
            腦出血有哪些症狀                        | intracerebral-hemorrhage | SYMPTOMS
            What are the symptoms of a TIA?         | tia                      | SYMPTOMS
            中风后手臂僵硬怎么办                    | limb-stiffness           | TREATMENT
            中風後手臂僵硬怎麼辦                    | limb-stiffness           | TREATMENT
            偏瘫后肩膀疼怎么治                      | hemiplegic-shoulder-pain | TREATMENT
            How is spasticity after stroke treated? | spasticity               | TREATMENT
            脑梗死需要做哪些检查                    | ischemic-stroke          | TESTS
            How to diagnose a subarachnoid hemorrhage? | subarachnoid-hemorrhage | TESTS
            卧床的偏瘫老人怎么防褥疮                | pressure-injury          | PREVENTION
            吞咽困难的病人吃什么比较安全            | dysphagia                | DIET
            偏瘫病人家属怎么护理                    | hemiplegia               | CARE
            半身不遂还能恢复吗                      | hemiplegia               | PROGNOSIS
            What is the outlook for spasticity?     | spasticity               | PROGNOSIS
            腔梗是什么病                            | lacunar-infarction       | DEFINITION
            What is constraint-induced movement therapy? | cimt                | DEFINITION
            中风后可以开车吗                        | stroke                   | DAILY_LIFE
            中风以后还能抽烟吗                      | smoking                  | DAILY_LIFE
            脑出血挂什么科                          | intracerebral-hemorrhage | DEPARTMENT
            高血压性脑出血的好发部位是哪里          | hypertensive-ich         | DEFINITION
            """)
    void focusAndAspect(String question, String focus, Aspect aspect) {
        Frame f = frame(question);
        assertThat(focus(f)).as(question).isEqualTo(focus);
        assertThat(f.aspect()).as(question).isEqualTo(aspect);
    }

    @Test
    void causesHaveADirection() {
        Frame causes = frame("脑出血的原因是什么");
        assertThat(focus(causes)).isEqualTo("intracerebral-hemorrhage");
        assertThat(causes.aspect()).isEqualTo(Aspect.CAUSE);
        assertThat(causes.direction()).isEqualTo(Direction.TO_FOCUS);

        Frame effects = frame("高血压会引起什么后果");
        assertThat(focus(effects)).isEqualTo("hypertension");
        assertThat(effects.aspect()).isEqualTo(Aspect.CAUSE);
        assertThat(effects.direction()).isEqualTo(Direction.FROM_FOCUS);

        Frame complications = frame("What are the complications of stroke?");
        assertThat(complications.direction()).isEqualTo(Direction.FROM_FOCUS);
    }

    @Test
    void aRelationQuestionFocusesOnTheEffect() {
        Frame zh = frame("高血压会引起脑出血吗");
        assertThat(zh.aspect()).isEqualTo(Aspect.RELATION);
        assertThat(focus(zh)).isEqualTo("intracerebral-hemorrhage");
        assertThat(zh.others()).extracting(Focus::id).containsExactly("hypertension");

        Frame hant = frame("心房顫動的人為什麼容易腦中風？");
        assertThat(hant.aspect()).isEqualTo(Aspect.RELATION);
        assertThat(focus(hant)).isEqualTo("stroke");
        assertThat(hant.others()).extracting(Focus::id).containsExactly("atrial-fibrillation");
    }

    @Test
    void aComparisonHasTwoSides() {
        Frame f = frame("截瘫和偏瘫有什么不同？");
        assertThat(f.aspect()).isEqualTo(Aspect.COMPARISON);
        assertThat(f.focus()).isPresent();
        assertThat(f.others()).hasSize(1);
        assertThat(java.util.List.of(focus(f), f.others().getFirst().id())).contains("hemiplegia");
    }

    @Test
    void aNamedDrugIsTheOtherEndOfADrugQuestion() {
        Frame f = frame("脑梗死患者能吃阿司匹林吗");
        assertThat(f.aspect()).isEqualTo(Aspect.DRUGS);
        assertThat(focus(f)).isEqualTo("ischemic-stroke");
        assertThat(f.others()).extracting(Focus::id).containsExactly("aspirin");
    }

    @Test
    void severalAspectsInOneQuestionKeepTheirOrder() {
        Frame f = frame("一直患有高血压，比较担心会有脑出血，想了解下脑出血的症状原因？");
        assertThat(focus(f)).isEqualTo("intracerebral-hemorrhage");
        assertThat(f.aspects()).containsExactly(Aspect.SYMPTOMS, Aspect.CAUSE);
        assertThat(f.patient().history()).contains("hypertension");
    }

    @Test
    void theSettingOfAQuestion() {
        assertThat(frame("我爸突然一侧手脚没力气，说话不清楚").setting()).isEqualTo(Setting.ACUTE_NOW);
        assertThat(frame("患者因脑出血住院，现在能吃什么").setting()).isEqualTo(Setting.IN_HOSPITAL);
        assertThat(frame("偏瘫三年了怎么康复").setting()).isEqualTo(Setting.HISTORY);
        assertThat(frame("男，58岁，突然头疼呕吐，伴意识丧失30分钟。查体神志清楚，颈部抵抗。最可能的诊断是").setting())
                .isEqualTo(Setting.VIGNETTE);
        assertThat(frame("A 65-year-old woman presents with sudden aphasia. Which of the following is most likely?")
                .setting()).isEqualTo(Setting.VIGNETTE);
        assertThat(frame("中风的早期症状有哪些").setting()).isEqualTo(Setting.GENERAL);
        assertThat(frame("男，58岁，患高血压病10余年，7天前大便时突然晕倒").setting()).isEqualTo(Setting.VIGNETTE);
    }

    @Test
    void aNumberedSubQuestionOfACaseIsWhatIsAsked() {
        String caseText = "女，45岁，车祸致头部外伤伴昏迷1小时入院，查体：BP 170/100mmHg，右侧肢体偏瘫，头颅CT示左颞叶脑内高密度影。";
        Frame treatment = frame(caseText + "3．最适宜采取的治疗措施为");
        assertThat(treatment.subQuestion()).hasValue("最适宜采取的治疗措施为");
        assertThat(treatment.aspect()).isEqualTo(Aspect.TREATMENT);
        Frame diagnosis = frame(caseText + "1．最可能的诊断是");
        assertThat(diagnosis.subQuestion()).hasValue("最可能的诊断是");
        assertThat(diagnosis.aspect()).isEqualTo(Aspect.DIFFERENTIAL);
    }

    @Test
    void anEnglishCasesMostLikelyDiagnosisAsksWhichConditionNotHowOneIsDiagnosed() {
        assertThat(frame("A 58-year-old man with hypertension has a sudden severe headache and a stiff neck. Which of "
                + "the following is the most likely diagnosis?").aspect()).isEqualTo(Aspect.DIFFERENTIAL);
        assertThat(frame("After a stroke she became incontinent. The most likely diagnosis is").aspect())
                .isEqualTo(Aspect.DIFFERENTIAL);
        assertThat(frame("How is subarachnoid hemorrhage diagnosed?").aspect()).isEqualTo(Aspect.TESTS);
        assertThat(frame("What is the diagnostic test for a stroke?").aspect()).isEqualTo(Aspect.TESTS);
    }

    @Test
    void whatTheCauseMayBeAsksTheCauseWhatItMayBeAsksTheCondition() {
        assertThat(frame("一位晚期肺癌的老人突然脑梗死了，可能是什么原因？").aspect()).isEqualTo(Aspect.CAUSE);
        assertThat(frame("一位晚期肺癌的老人突然脑梗死了，可能是什么引起的？").aspect()).isEqualTo(Aspect.CAUSE);
        assertThat(frame("突然一侧手脚没力气，可能是脑梗死吗？").aspect()).isEqualTo(Aspect.DIFFERENTIAL);
    }

    @Test
    void examOptionsAreCandidatesNotTheFocus() {
        Frame f = frame("""
                高血压性脑出血的常见病变部位在
                A. 额叶
                B. 脑干
                C. 基底节
                D. 小脑""");
        assertThat(f.setting()).isEqualTo(Setting.VIGNETTE);
        assertThat(focus(f)).isEqualTo("hypertensive-ich");
        assertThat(f.candidates()).extracting(Focus::id).contains("basal-ganglia");
        assertThat(f.topic()).hasValue("location");
    }

    @Test
    void thePatient() {
        Frame infant = frame("我孩子3个月大，医生说是脑梗，怎么治疗");
        assertThat(infant.patient().ageGroup()).isEqualTo(AgeGroup.INFANT);
        assertThat(frame("我儿子8岁，得了烟雾病，要注意什么").patient().ageGroup()).isEqualTo(AgeGroup.CHILD);
        assertThat(frame("A 77-year-old man with aphasia").patient().ageGroup()).isEqualTo(AgeGroup.OLDER_ADULT);
        assertThat(frame("我父亲54岁，去年有轻微脑梗塞").patient().ageYears()).hasValue(54);
        assertThat(frame("怀孕5个月，突然头痛").patient().pregnant()).isTrue();
        assertThat(frame("脑梗死病人血小板只有30，能用阿司匹林吗").patient().cautions()).contains(Caution.LOW_PLATELETS);
        assertThat(frame("脑梗后胃出血了，还能吃氯吡格雷吗").patient().cautions()).contains(Caution.BLEEDING);
        // a count is low only below the normal range (150 ×10⁹/L), whatever unit it is written in
        assertThat(frame("脑梗死，血小板计数45×10^9/L，能溶栓吗").patient().cautions()).contains(Caution.LOW_PLATELETS);
        assertThat(frame("脑梗死，血小板8万，能吃阿司匹林吗").patient().cautions()).contains(Caution.LOW_PLATELETS);
        assertThat(frame("Stroke patient, platelet count of 60, can he take aspirin?").patient().cautions())
                .contains(Caution.LOW_PLATELETS);
        assertThat(frame("体检血小板311，白细胞正常，脑梗死能吃阿司匹林吗").patient().cautions())
                .doesNotContain(Caution.LOW_PLATELETS);
        // a platelet index beside the count (distribution width, 15.4 %) is not a count
        assertThat(frame("血小板311.血小板分布宽度15.4，血红蛋白95，脑梗死能吃阿司匹林吗").patient().cautions())
                .doesNotContain(Caution.LOW_PLATELETS);
        assertThat(frame("血小板计数 250000/µL, what are the symptoms of stroke?").patient().cautions())
                .doesNotContain(Caution.LOW_PLATELETS);
        assertThat(frame("对阿司匹林过敏，脑梗死吃什么药").patient().cautions()).contains(Caution.ALLERGY);
        // a disease's name is not the patient's age: 小儿 in a name does not make the asker a child
        assertThat(frame("What is alternating hemiplegia of childhood?").patient().ageGroup())
                .isNotIn(AgeGroup.CHILD, AgeGroup.INFANT);
    }

    @Test
    void theCourseAndOnsetOfTheSymptoms() {
        Frame gone = frame("我爸刚才一只手突然没力气，十分钟后又好了，是怎么回事");
        assertThat(gone.patient().course()).isEqualTo(Frame.Course.RESOLVED);
        Frame still = frame("病人，男，66岁，晨起发现右侧肢体无力伴言语不清3小时。问：该病人的诊断是什么？");
        assertThat(still.patient().course()).isEqualTo(Frame.Course.PERSISTING);
        assertThat(still.patient().onset()).isEqualTo(Frame.Onset.AT_REST);
        assertThat(frame("搬重物时突然剧烈头痛").patient().onset()).isEqualTo(Frame.Onset.ON_EXERTION);
        assertThat(frame("脑梗死吃什么药").patient().course()).isEqualTo(Frame.Course.UNSTATED);
    }

    @Test
    void theSettingOfAQuestionIsNotItsFocus() {
        // 中风 sets the time; the shoulder is what is asked about
        Frame f = frame("中风后肩膀疼痛应该怎么处理");
        assertThat(focus(f)).isEqualTo("hemiplegic-shoulder-pain");
        assertThat(f.aspect()).isEqualTo(Aspect.TREATMENT);
        assertThat(f.patient().history()).contains("stroke");
    }

    @Test
    void somethingTheGraphDoesNotKnowIsNotReplacedByItsSetting() {
        // 喝水老呛 links to nothing: the answer must not be about treating a stroke
        Frame f = frame("中风后喝水老呛怎么办");
        assertThat(f.focus()).isEmpty();
        assertThat(f.patient().history()).contains("stroke");
    }

    @Test
    void theLanguageOfTheAnswer() {
        assertThat(frame("What is stroke?").language()).isEqualTo("en");
        assertThat(frame("什么是中风").language()).isEqualTo("zh");
        assertThat(frame("什麼是中風").language()).isEqualTo("zh");
        assertThat(frame("量子计算机怎么编程").focus()).isEqualTo(Optional.empty());
    }
}
