package org.strokekg.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.testing.TestApp;

/**
 * The team's labelled stroke set on the seed: the pipeline's evidence names more of the reference answers' entities
 * than plain BM25 given the same characters, counted on the evidence's own text.
 */
class EvaluationTest {

    static StrokeKg kg;

    @BeforeAll
    static void app() {
        kg = TestApp.app();
    }

    @Test
    void thePipelineBeatsBm25AtEqualCharactersOnTheLabelledSet() {
        List<QaItem> items = QaSets.read(Path.of(QaSets.LABELLED_FILE), QaSets.LABELLED);
        assertThat(items).hasSizeGreaterThanOrEqualTo(60);
        List<Evaluation.ItemScore> scores = new Evaluation(kg.answers(), kg.entityIndex(), kg.passageIndex(), 5, 8, Optional.empty())
                .run(items, s -> { });
        Summary.Row all = Summary.rows(scores).getFirst();
        System.out.printf("eval labelled: %d items, recall %.3f vs bm25 %.3f at equal characters; new %.3f vs %.3f; "
                        + "answer %.3f; coverage %.3f; abstained %.3f%n", all.items(), all.recall(), all.bm25Recall(),
                all.newRecall(), all.bm25NewRecall(), all.answerRecall(), all.citationCoverage(), all.abstained());
        assertThat(all.scored()).isGreaterThanOrEqualTo(60);
        assertThat(all.recall()).isGreaterThan(all.bm25Recall());
        assertThat(all.citationCoverage()).isGreaterThan(0.9);
        assertThat(Summary.rows(scores)).extracting(Summary.Row::group).contains("en", "zh", "zh-Hant");
    }
}
