package org.strokekg.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.search.PassageQuery.Mode;

/**
 * Indexes items of the shared QA sample (skipped when ../shared is absent). Embedding costs 20–200 ms an item on two busy
 * cores, so by default it takes the first 100; {@code -Dstrokekg.qa.items=2000} indexes them all.
 */
class QaSampleIndexTest {

    @Test
    void indexesTheQaSampleAndFindsItemsByTheirQuestions(@TempDir Path dir) {
        Path file = QaSample.path().orElse(null);
        Assumptions.assumeTrue(file != null, "shared QA sample not found");
        int limit = Integer.getInteger("strokekg.qa.items", 100);
        List<PassageDoc> items = QaSample.read(file, limit);
        try (EntityIndex entities = EntityIndex.open(dir.resolve("entities"), new StrokeAnalyzer());
             PassageIndex passages = PassageIndex.open(dir.resolve("passages"), entities.analyzer(), TestModels.bge())) {
            entities.replaceAll(StrokeFixtures.ENTITIES);
            long t = System.nanoTime();
            passages.replaceAll(items);
            double seconds = (System.nanoTime() - t) / 1e9;
            System.out.printf("indexed %d QA items (BM25 + bge vectors) in %.1f s: %.1f ms an item%n", items.size(), seconds,
                    seconds * 1000 / items.size());
            assertThat(passages.count()).isEqualTo(items.size());

            int found = 0;
            List<PassageDoc> probes = items.stream().filter(p -> p.topic().equals("open_qa") && p.title().length() >= 8).limit(20).toList();
            for (PassageDoc probe : probes) {
                List<String> ids = passages.search(new PassageQuery(probe.title(), Set.of(), 3, Mode.HYBRID)).stream()
                        .map(h -> h.doc().id()).toList();
                if (ids.contains(probe.id())) {
                    found++;
                }
            }
            System.out.printf("an item's own question finds it in the top 3: %d of %d%n", found, probes.size());
            assertThat(found).isGreaterThanOrEqualTo(probes.size() * 8 / 10);
            assertThat(passages.deleteByBatch("qa-sample")).isEqualTo(items.size());
            assertThat(passages.count()).isZero();
        }
    }
}
