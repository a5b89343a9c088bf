package org.strokekg.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.testing.SharedData;

/** The review sample is the same for its seed, has the rubric's mix, and the committed ids are that sample. */
class ReviewSampleTest {

    static final Path COMMITTED = Path.of("docs/eval/review-sample.tsv");

    @Test
    void theSameSeedDrawsTheSameSampleWithTheRubricsMix() {
        List<QaItem> stroke = new ArrayList<>();
        List<QaItem> nonstroke = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            nonstroke.add(item("ns-" + i, "zh", i % 4 == 0 ? "case_qa" : "open_qa", ""));
        }
        for (int i = 0; i < 30; i++) {
            stroke.add(item("zh-" + i, "zh", "open_qa", ""));
            stroke.add(item("en-" + i, "en", "open_qa", ""));
        }
        for (int i = 0; i < 15; i++) {
            stroke.add(item("hant-" + i, "zh-Hant", "open_qa", "zh-" + i));
        }
        List<ReviewSample.Entry> a = ReviewSample.draw(stroke, nonstroke, 7);
        assertThat(ReviewSample.draw(stroke, nonstroke, 7)).isEqualTo(a);
        assertThat(ReviewSample.draw(stroke, nonstroke, 8)).isNotEqualTo(a);
        Map<String, Long> mix = a.stream().collect(Collectors.groupingBy(e -> e.group() + " " + e.lang(),
                Collectors.counting()));
        assertThat(mix).containsExactlyInAnyOrderEntriesOf(Map.of("nonstroke-zh zh", 30L, "stroke-zh zh", 14L,
                "stroke-zh zh-Hant", 6L, "stroke-en en", 20L));
        // patient questions only, and never an item together with its converted copy
        Set<String> ids = a.stream().map(ReviewSample.Entry::id).collect(Collectors.toSet());
        assertThat(ids).noneMatch(id -> id.startsWith("ns-") && Integer.parseInt(id.substring(3)) % 4 == 0);
        assertThat(a.stream().filter(e -> e.lang().equals("zh-Hant")))
                .noneMatch(e -> ids.contains("zh-" + e.id().substring(5)));
    }

    @Test
    void theSampleRoundTripsThroughItsFile(@TempDir Path dir) {
        List<ReviewSample.Entry> sample = List.of(new ReviewSample.Entry("a", "nonstroke", "nonstroke-zh", "zh"),
                new ReviewSample.Entry("b", "stroke-dev", "stroke-en", "en"));
        Path tsv = dir.resolve("s.tsv");
        ReviewSample.write(tsv, sample, 3);
        assertThat(ReviewSample.read(tsv)).isEqualTo(sample);
    }

    @Test
    void filesHoldAboutEighteenAnswers() {
        assertThat(ReviewDump.chunks(java.util.Collections.nCopies(30, 0))).extracting(List::size).containsExactly(15, 15);
        assertThat(ReviewDump.chunks(java.util.Collections.nCopies(20, 0))).extracting(List::size).containsExactly(20);
        assertThat(ReviewDump.chunks(java.util.Collections.nCopies(5, 0))).extracting(List::size).containsExactly(5);
        assertThat(ReviewDump.chunks(java.util.Collections.nCopies(41, 0))).extracting(List::size).containsExactly(20, 21);
    }

    @Test
    void theCommittedIdsAreTheSeededSampleOfThePublicSets() {
        var shared = SharedData.dir();
        Assumptions.assumeTrue(shared.isPresent(), "../shared/data is absent");
        List<ReviewSample.Entry> drawn = ReviewSample.draw(QaSets.read(QaSets.STROKE_DEV, shared.get()),
                QaSets.read(QaSets.NONSTROKE, shared.get()), ReviewSample.SEED);
        assertThat(ReviewSample.read(COMMITTED)).isEqualTo(drawn).hasSize(70);
    }

    private static QaItem item(String id, String lang, String type, String derivedFrom) {
        return new QaItem(id, "s", lang, type, "src", "q " + id, "", "r", Map.of(), "", derivedFrom);
    }
}
