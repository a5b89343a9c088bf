package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;
import static org.strokekg.testing.TestAnswers.frame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strokekg.rag.Frame.Aspect;

/**
 * Exam questions that ask which vessel, which tract or which CT appearance (issue 22): read as the lesion-site aspect
 * with that anatomy as the topic, in simplified and traditional Chinese and in English, and answered through the
 * real pipeline on the seed with the vessel, the tract or the density, not with a definition, symptoms or a list of
 * diseases. The questions are the team's own, in the shapes of exam items.
 */
class AnatomyAspectsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            高血压脑出血最常破裂的血管是                                   | vessel
            高血壓腦出血最常破裂的血管是                                   | vessel
            闭塞后最容易引起三偏征的动脉是                                 | vessel
            閉塞後最容易引起三偏徵的動脈是                                 | vessel
            Which artery usually ruptures in hypertensive intracerebral hemorrhage? | vessel
            壳核出血引起对侧偏瘫，主要是损伤了                             | tract
            殼核出血引起對側偏癱，主要是損傷了                             | tract
            内囊梗死引起偏瘫是损伤了哪条传导束                             | tract
            Which tract is damaged when an internal capsule infarct causes hemiplegia? | tract
            急性脑出血的CT表现是                                           | imaging
            急性腦出血的CT表現是                                           | imaging
            What is the CT appearance of an acute intracerebral hemorrhage? | imaging
            What does an acute intracerebral hemorrhage look like on CT?   | imaging
            """)
    void cuesNameTheAnatomyAsked(String question, String topic) {
        Frame f = frame(question);
        assertThat(f.aspect()).as(question).isEqualTo(Aspect.LESION_SITE);
        assertThat(f.topic()).as(question).contains(topic);
    }

    @Test
    void otherQuestionsKeepTheirAspect() {
        // LDL is no density on a scan; 「好发部位」 stays where a disease usually occurs
        assertThat(frame("低密度脂蛋白胆固醇要降到多少").aspect()).isNotEqualTo(Aspect.LESION_SITE);
        assertThat(frame("脑出血最常见的部位是哪里？").topic()).contains("location");
        assertThat(frame("脑出血要做哪些检查").aspect()).isEqualTo(Aspect.TESTS);
        // a case states its own scan: the question is what follows it, not the imaging appearance
        assertThat(frame("患者女，70岁，活动中突发头痛、右侧偏瘫，CT表现为左侧壳核高密度影，首选的治疗是").topic())
                .isNotEqualTo(java.util.Optional.of(ExamCues.IMAGING));
        assertThat(frame("患者男，65岁，突发左侧肢体无力2小时，头颅CT示右侧基底节区高密度影。最可能的诊断是？").aspect())
                .isNotEqualTo(Aspect.LESION_SITE);
        assertThat(frame("A 70-year-old man has a hyperdense lesion in the left putamen on CT. What is the next step?")
                .aspect()).isNotEqualTo(Aspect.LESION_SITE);
    }

    @Test
    void theVesselThatRupturesIsNamed() {
        Answer a = ask("高血压脑出血最常破裂的血管是");
        assertThat(a.answer()).contains("豆纹动脉").doesNotContain("俗称脑溢血");
        Answer en = ask("Which artery usually ruptures in hypertensive intracerebral hemorrhage?");
        assertThat(en.answer()).containsIgnoringCase("lenticulostriate");
    }

    @Test
    void theArteryWhoseOcclusionCausesHemiplegiaIsNamed() {
        Answer a = ask("闭塞后最容易引起三偏征的动脉是");
        assertThat(a.answer()).contains("大脑中动脉");
    }

    @Test
    void theTractIsNamed() {
        Answer a = ask("壳核出血累及内囊引起对侧偏瘫，主要是损伤了");
        assertThat(a.answer()).contains("皮质脊髓束");
        Answer en = ask("Which tract is damaged when an internal capsule infarct causes hemiplegia?");
        assertThat(en.answer()).containsIgnoringCase("corticospinal");
    }

    @Test
    void theCtAppearanceIsTheDensity() {
        Answer a = ask("急性脑出血的CT表现是");
        assertThat(a.answer()).contains("高密度").doesNotContain("俗称脑溢血");
        Answer en = ask("What is the CT appearance of an acute intracerebral hemorrhage?");
        assertThat(en.answer()).containsIgnoringCase("hyperdense");
    }

    @Test
    void herniationSignsAreItsOwn() {
        Answer a = ask("颞叶钩回疝的典型表现有哪些");
        assertThat(a.frame().focus()).hasValueSatisfying(f -> assertThat(f.id()).isEqualTo("transtentorial-herniation"));
        assertThat(a.answer()).contains("意识障碍").contains("偏瘫");
        Answer en = ask("What are the signs of uncal herniation?");
        assertThat(en.answer()).containsIgnoringCase("oculomotor").containsIgnoringCase("consciousness");
    }
}
