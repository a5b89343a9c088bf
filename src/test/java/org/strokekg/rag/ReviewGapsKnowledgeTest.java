package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;
import static org.strokekg.testing.TestAnswers.reading;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strokekg.search.EntityMention;
import org.strokekg.testing.TestApp;

/**
 * The curated knowledge added where the clinical reviews of public stroke questions found answers that abstained or
 * missed on in-scope topics (lacunar syndromes, the internal capsule, stroke-associated pneumonia and its organisms,
 * treadmill training, thalamic pain, spasticity, post-stroke depression, vascular dementia): the questions' words
 * find the entities, the new relations are curated with their sources, and answers on the seed cite the new facts and
 * passages. Through the shared answer pipeline ({@link org.strokekg.testing.TestAnswers}); no test depends on another.
 */
class ReviewGapsKnowledgeTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            腔隙性脑梗死有哪些表现？                          | lacunar-infarction
            腔梗要紧吗？                                      | lacunar-infarction
            What is a lacunar infarct?                        | lacunar-infarction
            What are the lacunar syndromes?                   | lacunar-infarction
            丘脑痛怎么办？                                    | central-post-stroke-pain
            How is thalamic pain treated?                     | central-post-stroke-pain
            中风后半边身体疼痛怎么办？                        | central-post-stroke-pain
            吸入性肺炎怎么预防？                              | aspiration-pneumonia
            What is aspiration pneumonia?                     | aspiration-pneumonia
            卒中相关性肺炎是什么？                            | stroke-associated-pneumonia
            What is stroke-associated pneumonia?              | stroke-associated-pneumonia
            中风后手脚痉挛怎么办？                            | spasticity
            How is spasticity treated?                        | spasticity
            打肉毒毒素有用吗？                                | botulinum-toxin-a
            Is botulinum toxin useful?                        | botulinum-toxin-a
            卒中后抑郁怎么治疗？                              | post-stroke-depression
            What is post-stroke depression?                   | post-stroke-depression
            血管性痴呆有什么症状？                            | vascular-dementia
            What is vascular dementia?                        | vascular-dementia
            内囊在哪里？                                      | internal-capsule
            What does the internal capsule do?                | internal-capsule
            内囊受损有什么表现？                              | internal-capsule-lesion
            减重步行训练有什么作用？                          | bwstt
            Treadmill training after stroke: any benefits?    | treadmill-training
            跑台训练对中风病人有什么好处？                    | treadmill-training
            中风后怎么练走路？                                | gait-training
            不想活了怎么办？                                  | suicidal-ideation
            """)
    void theTopicsWordsFindTheirEntity(String question, String entity) {
        assertThat(reading(question).mentions()).extracting(EntityMention::entityId).as(question).contains(entity);
    }

    @Test
    void theNewRelationsAreCuratedWithTheirSources() {
        var graph = TestApp.app().graph();
        List<String> facts = graph.around(List.of("lacunar-infarction", "stroke-associated-pneumonia",
                        "treadmill-training", "post-stroke-depression", "vascular-dementia", "internal-capsule-lesion"),
                Set.of("HAS_SYMPTOM", "COMPLICATION_OF", "SUBTYPE_OF", "CAUSES"), 40).stream()
                .flatMap(a -> a.hops().stream()).map(h -> h.relation().startId() + "→" + h.relation().endId()
                        + "|" + h.relation().source() + "|" + h.relation().trust())
                .toList();
        assertThat(facts)
                .anyMatch(x -> x.startsWith("lacunar-infarction→sensorimotor-stroke|《神经病学》") && x.endsWith("CURATED"))
                .anyMatch(x -> x.startsWith("stroke-associated-pneumonia→stroke|卒中相关性肺炎诊治中国专家共识")
                        && x.endsWith("CURATED"))
                .anyMatch(x -> x.startsWith("aspiration→stroke-associated-pneumonia|") && x.endsWith("CURATED"))
                .anyMatch(x -> x.startsWith("treadmill-training→gait-training|《康复医学》") && x.endsWith("CURATED"))
                .anyMatch(x -> x.startsWith("post-stroke-depression→suicidal-ideation|卒中后抑郁临床实践")
                        && x.endsWith("CURATED"))
                .anyMatch(x -> x.startsWith("vascular-dementia→stepwise-cognitive-decline|《神经病学》")
                        && x.endsWith("CURATED"))
                .anyMatch(x -> x.startsWith("internal-capsule-lesion→three-hemi-sign|《神经病学》") && x.endsWith("CURATED"));
    }

    @Test
    void theLacunarSyndromesIncludeSensorimotorStroke() {
        Answer a = ask("腔隙性脑梗死有哪些临床表现？");
        assertThat(a.answer()).contains("纯运动性轻偏瘫").contains("感觉运动性卒中");
        assertThat(a.citations()).anyMatch(c -> c.text().contains("感觉运动性卒中") && c.source().startsWith("《神经病学》"));
    }

    @Test
    void aLacunarInfarctIsDiagnosedFromItsSyndromeAndASmallDeepInfarct() {
        Answer a = ask("腔梗怎么诊断？");
        assertThat(a.answer()).contains("头颅CT平扫").contains("腔隙综合征");
        assertThat(a.citations()).anyMatch(c -> c.kind().equals("passage") && c.id().equals("p-gap-002"));
    }

    @Test
    void anInternalCapsuleLesionCausesTheThreeHemiSign() {
        assertThat(ask("內囊損傷後表現症狀之一是").answer()).contains("三偏徵").doesNotContain("沒有找到");
        assertThat(ask("内囊受损有什么表现？").answer()).contains("三偏征");
        Answer en = ask("What happens when the internal capsule is damaged?");
        assertThat(en.answer()).contains("three-hemi sign");
        assertThat(en.citations()).anyMatch(c -> c.id().equals("p-gap-003-en") || c.id().equals("p-loc-004-en"));
    }

    @Test
    void strokeAssociatedPneumoniaIsDefinedWithItsSource() {
        Answer a = ask("卒中相关性肺炎是什么？");
        assertThat(a.answer()).contains("7天内").doesNotContain("血管性痴呆");
        assertThat(a.citations()).anyMatch(c -> c.id().equals("p-gap-004")
                && c.source().equals("卒中相关性肺炎诊治中国专家共识（2019更新版）"));
        assertThat(ask("What is stroke-associated pneumonia?").answer()).contains("within the first 7 days");
    }

    @Test
    void theOrganismsOfAspirationPneumoniaAreNamed() {
        Answer zh = ask("脑卒中后吸入性肺炎常见什么病原体？");
        assertThat(zh.answer()).contains("厌氧菌");
        assertThat(zh.citations()).anyMatch(c -> c.id().equals("p-gap-005") && c.source().startsWith("《内科学》"));
        Answer en = ask("What pathogens cause aspiration pneumonia after stroke?");
        assertThat(en.answer()).contains("anaerobic bacteria");
        assertThat(en.citations()).anyMatch(c -> c.id().equals("p-gap-005-en"));
    }

    @Test
    void treadmillTrainingIsARehabilitationOfWalking() {
        Answer a = ask("跑台训练对中风病人有什么好处？");
        assertThat(a.answer()).contains("跑台步行训练").contains("步行速度和耐力").doesNotContain("清开灵");
        assertThat(a.citations()).anyMatch(c -> c.kind().equals("graph") && c.text().contains("跑台步行训练"));
    }

    @Test
    void thalamicPainIsCentralPostStrokePain() {
        assertThat(ask("How is thalamic pain treated?").answer()).contains("amitriptyline").contains("lamotrigine");
        assertThat(ask("中风后半边身体疼痛怎么办？").answer()).contains("中枢性卒中后疼痛");
    }

    @Test
    void thoughtsOfSuicideInPostStrokeDepressionCallForAPsychiatrist() {
        Answer a = ask("中风后情绪低落、不想活了怎么办？");
        assertThat(a.answer()).contains("自杀观念").contains("精神心理科");
        assertThat(a.citations()).anyMatch(c -> c.source().equals("卒中后抑郁临床实践的中国专家共识（2016）"));
    }

    @Test
    void vascularDementiaDeclinesStepwise() {
        assertThat(ask("血管性痴呆有什么症状？").answer()).contains("记忆力下降").contains("阶梯式下降");
    }
}
