package org.strokekg.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.search.PassageQuery.Mode;
import org.strokekg.trust.Trust;

/**
 * Passage vectors: a bulk write is searchable by BM25 at its commit and gets its vectors in the background, resumed
 * after a reopen; a passage deleted meanwhile stays deleted; a re-indexed passage keeps its vector; the search keeps
 * room for the passages an answer may state. The real bge-small-zh model, counted by a thin decorator.
 */
class PassageVectorsTest {

    /** The real model, counting the texts it embeds. */
    static final class Counting implements EmbeddingModel {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
            texts.addAndGet(segments.size());
            return TestModels.bge().embedAll(segments);
        }

        @Override
        public String modelName() {
            return TestModels.bge().modelName();
        }

        @Override
        public int dimension() {
            return TestModels.bge().dimension();
        }
    }

    static List<PassageDoc> docs(int n, Trust trust) {
        List<PassageDoc> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PassageDoc("bulk-" + i, "第" + i + "段", "偏瘫患者的第" + i + "条康复建议：循序渐进地练习站立和行走。",
                    "bulk test", List.of(), "b-bulk", "test", trust));
        }
        return out;
    }

    /** Waits for a condition of the background work (not a timing assertion: it fails only if it never happens). */
    static void eventually(BooleanSupplier done) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(5));
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("the background work never finished").isBefore(until);
            Thread.sleep(100);
        }
    }

    @Test
    void aBulkWriteIsSearchableAtOnceAndGetsItsVectorsInTheBackgroundResumedAfterAReopen(@TempDir Path dir)
            throws InterruptedException {
        StrokeAnalyzer analyzer = StrokeAnalyzer.withTerms(List.of());
        try (PassageIndex ps = PassageIndex.open(dir, analyzer, TestModels.bge(), false, 4)) {
            ps.add(docs(40, Trust.UNREVIEWED));
            assertThat(ps.count()).isEqualTo(40);
            assertThat(ps.search(new PassageQuery("第7条康复建议", Set.of(), 3, Mode.BM25))).isNotEmpty();
            ps.delete(List.of("bulk-3", "bulk-4"));
        }
        try (PassageIndex ps = PassageIndex.open(dir, analyzer, TestModels.bge(), false, 4)) {
            eventually(() -> ps.vectorProgress().done());
            assertThat(ps.vectorProgress()).isEqualTo(new PassageIndex.VectorProgress(38, 38));
            assertThat(ps.get("bulk-3")).isEmpty();
            assertThat(ps.search(new PassageQuery("练习站立和行走", Set.of(), 3, Mode.DENSE))).hasSize(3);
        }
    }

    @Test
    void aPassageReIndexedWithTheSameTextKeepsItsVector(@TempDir Path dir) {
        Counting model = new Counting();
        try (PassageIndex ps = PassageIndex.open(dir, StrokeAnalyzer.withTerms(List.of()), model, false, 100)) {
            ps.add(docs(3, Trust.UNREVIEWED));
            assertThat(model.texts.get()).isEqualTo(3);
            ps.add(docs(3, Trust.REVIEWED));
            assertThat(model.texts.get()).as("nothing embedded again").isEqualTo(3);
            assertThat(ps.get("bulk-1").orElseThrow().trust()).isEqualTo(Trust.REVIEWED);
            assertThat(ps.vectorProgress().done()).isTrue();
            ps.replaceAll(docs(3, Trust.CURATED));
            assertThat(model.texts.get()).isEqualTo(3);
        }
    }

    @Test
    void theSearchKeepsRoomForWhatAnAnswerMayState(@TempDir Path dir) {
        try (PassageIndex ps = PassageIndex.open(dir, StrokeAnalyzer.withTerms(List.of()), TestModels.bge(), false, 100)) {
            List<PassageDoc> all = new ArrayList<>(docs(6, Trust.UNREVIEWED));
            all.add(new PassageDoc("trusted", "护理", "偏瘫患者卧床期间要定时翻身。", "guideline", List.of(), "b-t",
                    "test", Trust.CURATED));
            ps.add(all);
            PassageQuery q = new PassageQuery("偏瘫患者的康复建议 循序渐进地练习站立和行走", Set.of(), 2, Mode.BM25);
            assertThat(ps.search(q)).hasSize(2).allMatch(h -> h.doc().trust() == Trust.UNREVIEWED);
            List<PassageHit> room = ps.search(q.withMinTrust(Trust.REVIEWED));
            assertThat(room).extracting(h -> h.doc().id()).contains("trusted");
            assertThat(room.subList(0, 2)).allMatch(h -> h.doc().trust() == Trust.UNREVIEWED);
        }
    }
}
