package org.strokekg.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankFusionTest {

    @Test
    void scoresAreSumsOfReciprocalRanks() {
        List<RankFusion.Fused> fused = RankFusion.fuse(List.of("a", "b", "c"), List.of("c", "a", "d"), Set.of());
        assertThat(fused).extracting(RankFusion.Fused::id).containsExactly("a", "c", "b", "d");
        RankFusion.Fused a = fused.get(0);
        assertThat(a.score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
        assertThat(a.bm25Rank()).isEqualTo(OptionalInt.of(1));
        assertThat(a.denseRank()).isEqualTo(OptionalInt.of(2));
        RankFusion.Fused c = fused.get(1);
        assertThat(c.score()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
        RankFusion.Fused d = fused.get(3);
        assertThat(d.score()).isCloseTo(1.0 / 63, within(1e-12));
        assertThat(d.bm25Rank()).isEmpty();
    }

    @Test
    void agreementBeatsASingleFirstPlace() {
        List<RankFusion.Fused> fused = RankFusion.fuse(List.of("solo", "x1", "x2", "x3", "both"),
                List.of("y1", "y2", "y3", "y4", "both"), Set.of());
        assertThat(fused.get(0).id()).isEqualTo("both"); // 2/65 > 1/61
    }

    @Test
    void graphBoostIsHalfAFirstPlaceVote() {
        assertThat(RankFusion.GRAPH_BOOST).isCloseTo(0.5 / 61, within(1e-15));
        List<RankFusion.Fused> fused = RankFusion.fuse(List.of("a", "b", "c", "d", "e"), List.of(), Set.of("e"));
        // e: 1/65 + 0.5/61 = 0.0236 beats a: 1/61 = 0.0164
        assertThat(fused.get(0).id()).isEqualTo("e");
        assertThat(fused.get(0).boosted()).isTrue();
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 65 + 0.5 / 61, within(1e-12));
        // but it does not beat a passage both retrievers put near the top: 2/62 = 0.0323
        List<RankFusion.Fused> agreed = RankFusion.fuse(List.of("a", "b", "c", "d", "e"), List.of("b"), Set.of("e"));
        assertThat(agreed.get(0).id()).isEqualTo("b");
    }

    @Test
    void boostScalesWithEntitySpecificity() {
        assertThat(RankFusion.specificity(1, 100)).isCloseTo(1.0, within(1e-12));
        assertThat(RankFusion.specificity(50, 100)).isCloseTo(Math.log(3) / Math.log(101), within(1e-12));
        assertThat(RankFusion.specificity(100, 100)).isLessThan(0.16);
        assertThat(RankFusion.specificity(0, 100)).isZero();
        // a generic entity (weight 0.4) on the BM25 winner loses to a specific one (weight 1) one place behind
        List<RankFusion.Fused> fused = RankFusion.fuse(List.of("generic", "specific"), List.of(),
                java.util.Map.of("generic", 0.4, "specific", 1.0));
        assertThat(fused).extracting(RankFusion.Fused::id).containsExactly("specific", "generic");
        assertThat(fused.get(1).score()).isCloseTo(1.0 / 61 + 0.4 * RankFusion.GRAPH_BOOST, within(1e-12));
        assertThat(fused).allMatch(RankFusion.Fused::boosted);
    }

    @Test
    void tiesBreakOnBestRankThenId() {
        List<RankFusion.Fused> fused = RankFusion.fuse(List.of("b", "z"), List.of("a", "y"), Set.of());
        assertThat(fused).extracting(RankFusion.Fused::id).containsExactly("a", "b", "y", "z");
    }

    @Test
    void emptyListsGiveNothing() {
        assertThat(RankFusion.fuse(List.of(), List.of(), Set.of("a"))).isEmpty();
    }
}
