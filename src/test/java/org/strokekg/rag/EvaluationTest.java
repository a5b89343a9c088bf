package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.testing.TestApp;

/** The labelled stroke set: the graph + hybrid pipeline finds more of the reference answers' entities than BM25. */
class EvaluationTest {

    static StrokeKg kg;

    @BeforeAll
    static void app() {
        kg = TestApp.app();
    }

    @Test
    void hybridBeatsBm25OnTheLabelledSet() {
        List<Evaluation.Labelled> labelled = Evaluation.read(Path.of("src/test/resources/eval/stroke-eval.jsonl"));
        assertThat(labelled).hasSizeGreaterThanOrEqualTo(60);
        Evaluation.Report r = new Evaluation(kg.answers(), kg.entityIndex(), kg.passageIndex()).run(labelled, 5, 8);
        System.out.printf("eval: %d items, recall pipeline %.3f, hybrid passages %.3f, bm25 %.3f, coverage %.3f, "
                + "p50 %.1f ms%n", r.items().size(), r.recall(), r.passageRecall(), r.baselineRecall(),
                r.citationCoverage(), r.latencyP50());
        assertThat(r.scored()).isGreaterThanOrEqualTo(60);
        assertThat(r.recall()).isGreaterThan(r.baselineRecall());
        assertThat(r.passageRecall()).isGreaterThanOrEqualTo(r.baselineRecall());
        assertThat(r.citationCoverage()).isGreaterThan(0.9);
    }
}
