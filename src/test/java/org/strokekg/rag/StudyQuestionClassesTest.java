package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strokekg.rag.Frame.Aspect;
import org.strokekg.testing.TestAnswers;

/**
 * Study-style yes/no questions (issue 22, the research class of the clinical reviews): whether a relation only a study
 * shows holds is read as research asked and answered with what the knowledge base has and that it holds nothing on
 * the relation, never with the generic facts of the drug, scale or population it names; direct clinical questions keep
 * their aspects. And the English names such questions use link the entity they name (t-PA, NIH stroke scale,
 * swallowing problems), with TNK-tPA kept as tenecteplase. The team's own questions, not a review's.
 */
class StudyQuestionClassesTest {

    @Test
    void aStudyLevelRelationIsReadAsResearch() {
        for (String q : List.of("Does the timing of t-PA matter for recovery in elderly patients?",
                "Does age modify the benefit of tenecteplase?", "Is the NIH Stroke Scale reliable when scored by telephone?",
                "Do women delay calling an ambulance when they have stroke symptoms?")) {
            assertThat(TestAnswers.frame(q).topic()).as(q).contains(AspectCues.RESEARCH_TOPIC);
        }
    }

    @Test
    void directClinicalQuestionsKeepTheirAspects() {
        assertThat(TestAnswers.frame("Can clopidogrel prevent a second stroke?").aspect()).isEqualTo(Aspect.PREVENTION);
        assertThat(TestAnswers.frame("Does diabetes cause stroke?").aspect()).isEqualTo(Aspect.RELATION);
        assertThat(TestAnswers.frame("Is stroke inherited?").topic()).contains("genetic");
        for (String q : List.of("Does smoking affect the risk of stroke?", "Can stroke affect memory?",
                "Does aspirin help after a stroke?")) {
            assertThat(TestAnswers.frame(q).topic()).as(q).isNotEqualTo(java.util.Optional.of(AspectCues.RESEARCH_TOPIC));
        }
    }

    @Test
    void theGapNamesWhatTheKnowledgeBaseHasAndTheRelationAsked() {
        Answer a = TestAnswers.ask("Does sex change the effect of t-PA on outcome?");
        assertThat(TestAnswers.frame("Is the NIH Stroke Scale reliable when scored by telephone?").focus())
                .hasValueSatisfying(f -> assertThat(f.id()).isEqualTo("nihss"));
        Answer scale = TestAnswers.ask("Is the NIH Stroke Scale reliable when scored by telephone?");
        assertThat(scale.answer()).contains("NIHSS[1]")
                .contains("nothing on whether the NIH Stroke Scale is reliable when scored by telephone")
                .doesNotContain("0 to 42");
        assertThat(a.answer()).doesNotContain("0.9 mg/kg");
    }

    @Test
    void theWhetherClauseIsTheQuestionsOwnWords() {
        assertThat(StudyQuestion.whether("Does the timing of t-PA matter for recovery?"))
                .contains("whether the timing of t-PA matters for recovery");
        assertThat(StudyQuestion.whether("Is the Barthel index adequate after stroke?"))
                .contains("whether the Barthel index is adequate after stroke");
        assertThat(StudyQuestion.whether("Do stroke survivors take their statins?"))
                .contains("whether stroke survivors take their statins");
        assertThat(StudyQuestion.whether("Can aspirin prevent stroke?")).isEmpty();
    }

    @Test
    void theEnglishNamesOfTheseQuestionsLinkTheirEntities() {
        assertThat(TestAnswers.reading("Is t-PA safe?").mentions()).extracting(m -> m.entityId()).contains("alteplase");
        assertThat(TestAnswers.reading("What is tPA?").mentions()).extracting(m -> m.entityId()).contains("alteplase");
        assertThat(TestAnswers.reading("Is TNK-tPA better?").mentions()).extracting(m -> m.entityId())
                .contains("tenecteplase").doesNotContain("alteplase");
        assertThat(TestAnswers.reading("the NIH stroke scale").mentions()).extracting(m -> m.entityId()).contains("nihss");
        for (String q : List.of("swallowing problems", "trouble swallowing", "swallowing disorders")) {
            assertThat(TestAnswers.reading("How are " + q + " managed?").mentions()).as(q)
                    .extracting(m -> m.entityId()).contains("dysphagia").doesNotContain("cough-on-swallowing");
        }
    }
}
