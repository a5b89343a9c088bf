package org.strokekg.ingest.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.strokekg.graph.Vocabulary;
import org.strokekg.trust.Hygiene;

/**
 * How much of the whole xywy crawl each hygiene rule keeps from being stated (shared data; skipped when absent): every
 * relation the reader maps from the 18 files, judged as {@link Hygiene#fact} judges it in an answer (each counted under
 * the first rule that rejects it), and every line of the crawl's passages as {@link Hygiene#sentence} judges it.
 * Writes the rejected relations and a fixed random sample of 30 for reading by hand to
 * {@code target/crawl-hygiene/} (the figures in docs/trust.md come from this test).
 */
class CrawlHygieneTest {

    @Test
    void everyRuleIsCountedOnTheWholeCrawl() throws Exception {
        Vocabulary vocabulary = Vocabulary.builtIn();
        Map<Hygiene.Rule, Long> counts = new EnumMap<>(Hygiene.Rule.class);
        List<String> rejected = new ArrayList<>();
        long relations = 0;
        long lines = 0;
        for (Path file : IntStream.range(0, 18).mapToObj(SharedData::xywy).toList()) {
            IngestFile.Contents c = IngestFile.readAll(file, Optional.empty(), vocabulary, ProgressListener.NONE);
            for (Triple t : c.triples()) {
                relations++;
                Optional<Hygiene.Rule> rule = Hygiene.fact(t.predicate(), t.subject(), t.object());
                if (rule.isPresent()) {
                    counts.merge(rule.get(), 1L, Long::sum);
                    rejected.add(rule.get().id() + "\t" + t.subject() + "\t" + t.predicate() + "\t" + t.object() + "\t"
                            + t.source());
                }
            }
            for (PassageRow p : c.passages()) {
                for (String line : p.text().split("\\n|(?<=。)")) {
                    if (line.isBlank()) {
                        continue;
                    }
                    lines++;
                    if (Hygiene.sentence(line).isPresent()) {
                        counts.merge(Hygiene.Rule.ATTRIBUTE_LINE, 1L, Long::sum);
                    }
                }
            }
        }
        Path out = Path.of("target/crawl-hygiene");
        Files.createDirectories(out);
        Files.write(out.resolve("rejected.tsv"), rejected, StandardCharsets.UTF_8);
        List<String> sample = new ArrayList<>(rejected);
        Collections.shuffle(sample, new Random(20261207));
        Files.write(out.resolve("sample-30.tsv"), sample.subList(0, Math.min(30, sample.size())), StandardCharsets.UTF_8);
        StringBuilder report = new StringBuilder("crawl hygiene: " + relations + " relations, " + rejected.size()
                + " rejected; " + lines + " passage lines\n");
        counts.forEach((rule, n) -> report.append(rule.id()).append('\t').append(n).append('\n'));
        Files.writeString(out.resolve("counts.tsv"), report, StandardCharsets.UTF_8);
        System.out.println(report);
        // every relation rule finds its class in the crawl (the patient rule is judged per answer, not here)
        assertThat(counts.keySet()).containsAll(List.of(Hygiene.Rule.FRAGMENT, Hygiene.Rule.PLACEHOLDER,
                Hygiene.Rule.MECHANISM_AS_SYMPTOM, Hygiene.Rule.DISH_AS_FOOD, Hygiene.Rule.SWEET_FOR_DIABETES,
                Hygiene.Rule.TCM_FORMULA_AS_TREATMENT, Hygiene.Rule.BLOOD_FLOW_FOR_BLEED,
                Hygiene.Rule.CATEGORY_COMPLICATION, Hygiene.Rule.ATTRIBUTE_LINE));
        // hygiene, not a purge: most of what the crawl says stays stateable with its label
        assertThat(rejected.size()).isLessThan((int) (relations / 2));
    }
}
