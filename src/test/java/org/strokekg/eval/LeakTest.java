package org.strokekg.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.search.PassageHit;
import org.strokekg.search.PassageQuery;
import org.strokekg.testing.SharedData;
import org.strokekg.testing.TestApp;

/** The sets' own answers are not in the passage index, and an index that holds one stops the evaluation. */
class LeakTest {

    static StrokeKg kg;

    @BeforeAll
    static void app() {
        kg = TestApp.app();
    }

    @Test
    void noPublicReferenceAnswerIsInTheSeedsPassages() {
        var shared = SharedData.dir();
        Assumptions.assumeTrue(shared.isPresent(), "../shared/data is absent");
        List<QaItem> items = new ArrayList<>(QaSets.read(QaSets.STROKE_DEV, shared.get()));
        items.addAll(QaSets.read(QaSets.NONSTROKE, shared.get()));
        int checked = 0;
        for (QaItem i : items) {
            // the reference itself as the query: its own passage, if indexed, would rank first
            String query = i.reference().length() > 500 ? i.reference().substring(0, 500) : i.reference();
            List<PassageHit> hits = kg.passageIndex().search(new PassageQuery(query, Set.of(), 3,
                    PassageQuery.Mode.BM25));
            assertThat(Evaluation.leaked(i.reference(), hits.stream()
                    .map(h -> h.doc().title() + "\n" + h.doc().text()).toList())).as(i.id()).isFalse();
            checked++;
        }
        assertThat(checked).isEqualTo(2276);
    }

    @Test
    void anIndexHoldingAnItemsAnswerStopsTheRun() {
        String reference = "偏瘫后肩痛多与肩关节半脱位和痉挛有关，应良肢位摆放、避免牵拉患侧上肢，必要时做肩胛上神经阻滞，这是测试用的参考答案。";
        String passage = "{\"id\":\"p-leak-test\",\"title\":\"偏瘫后肩膀疼怎么办\",\"text\":\"" + reference
                + "\",\"source\":\"leak test\",\"entities\":[]}\n";
        byte[] bytes = passage.getBytes(StandardCharsets.UTF_8);
        LoadResult r = kg.curation().load(List.of(new LoadInput("leak.jsonl", () -> new ByteArrayInputStream(bytes),
                bytes.length, Optional.of(IngestFormat.PASSAGES_JSONL))), "tester", false, ProgressListener.NONE);
        assertThat(r.status()).as(r.errors().toString()).isEqualTo(LoadResult.Status.COMMITTED);
        try {
            QaItem item = new QaItem("leak-1", "leak", "zh", "open_qa", "test", "偏瘫后肩膀疼怎么办？", "", reference,
                    Map.of(), "", "");
            Evaluation e = new Evaluation(kg.answers(), kg.entityIndex(), kg.passageIndex(), 5, 8, Optional.empty());
            assertThatThrownBy(() -> e.score(item)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("leak-1");
        } finally {
            kg.curation().undo(r.batchId());
        }
    }
}
