package org.strokekg.ingest.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.EntityProfiles;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.GraphStats;
import org.strokekg.graph.MergeResult;
import org.strokekg.ingest.Curation;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.testing.TestApp;

/**
 * The duplicates report on the seeded graph plus a planted batch. The batch is loaded without resolution, the way
 * duplicates reach a graph (data loaded before an alias was known, another system's export): planted duplicates must be
 * found, planted and curated look-alikes that differ in meaning must not.
 */
class DuplicatesTest {

    static StrokeKg kg;
    static Curation curation;
    static GraphQueries graph;
    static DuplicateFinder finder;
    static GraphStats baseline;
    static LoadResult planted;

    static final String ENTITIES = """
            id\ttype\tname\taliases\tdescription\tsource
            \tDisease\t测试脑血管意外甲\t\t\tduplicates test
            \tDisease\t測試腦血管意外甲\t\t\tduplicates test
            \tDisease\t测试卒中样发作\t测试类卒中\t\tduplicates test
            \tDisease\t测试卒中样综合表现\t测试类卒中\t\tduplicates test
            \tSymptom\t测试偏身麻木\t\t\tduplicates test
            \tSymptom\t测试半身麻木\t测试偏身麻木\t\tduplicates test
            \tDisease\t测试高血压乙\t\t\tduplicates test
            \tDisease\t测试高血压乙病\t\t\tduplicates test
            \tDisease\t测试脑出血\t\t\tduplicates test
            \tDisease\t测试脑梗死\t\t\tduplicates test
            \tComplication\t测试偏瘫\t\t\tduplicates test
            \tSymptom\t测试截瘫\t\t\tduplicates test
            \tDisease\t小儿急性偏瘫\t\t\tduplicates test
            \tDisease\t太阳中风\t\t\tduplicates test
            \tDisease\t脑梗死后遗症\t\t\tduplicates test
            \tSymptom\t糖尿\t\t\tduplicates test
            \tDisease\t测试偏瘫后肩痛\t\t\tduplicates test
            \tDisease\t脚气\t\t\tduplicates test
            \tDisease\t脚气病\t\t\tduplicates test
            \tDisease\t肾病\t\t\tduplicates test
            \tDisease\t肾病综合征\t\t\tduplicates test
            \tExamination\t测试血清镁\t\t\tduplicates test
            \tExamination\t测试血清镁（Mg）\t\t\tduplicates test
            \tFood\t测试墨鱼\t\t\tduplicates test
            \tFood\t测试墨鱼(干)\t\t\tduplicates test
            \tExamination\t测试胎心监护\t\t\tduplicates test
            \tExamination\t测试胎心监护检查\t\t\tduplicates test
            """;

    /** Look-alikes that differ in meaning, by name: none of these pairs may be reported. */
    static final List<List<String>> LOOK_ALIKES = List.of(List.of("脑出血", "脑梗死"), List.of("偏瘫", "截瘫"),
            List.of("测试脑出血", "测试脑梗死"), List.of("测试偏瘫", "测试截瘫"), List.of("偏瘫", "小儿急性偏瘫"),
            List.of("脑卒中", "太阳中风"), List.of("脑梗死", "脑梗死后遗症"), List.of("糖尿", "糖尿病"),
            List.of("测试偏瘫", "测试偏瘫后肩痛"), List.of("脚气", "脚气病"), List.of("肾病", "肾病综合征"),
            List.of("测试墨鱼", "测试墨鱼(干)"));

    @BeforeAll
    static void plant() {
        kg = TestApp.app();
        curation = kg.curation();
        graph = kg.graph();
        finder = new DuplicateFinder(new EntityProfiles(kg.store()), kg.vocabulary());
        baseline = graph.stats();
        byte[] bytes = ENTITIES.getBytes(StandardCharsets.UTF_8);
        planted = curation.matching(NameMatching.LITERAL).load(List.of(new LoadInput("planted-duplicates.tsv",
                () -> new ByteArrayInputStream(bytes), bytes.length, Optional.empty())), "test", false, ProgressListener.NONE);
        assertThat(planted.status()).as("%s", planted.errors()).isEqualTo(LoadResult.Status.COMMITTED);
    }

    @AfterAll
    static void takeBack() {
        curation.undo(planted.batchId());
        assertThat(graph.stats()).isEqualTo(baseline);
    }

    static Optional<DuplicatePair> pair(List<DuplicatePair> pairs, String nameA, String nameB) {
        return pairs.stream().filter(p -> Set.of(p.keep().name(), p.merge().name()).equals(Set.of(nameA, nameB)))
                .findFirst();
    }

    @Test
    void findsThePlantedDuplicatesWithEvidenceAndTheMergeCommand() {
        List<DuplicatePair> pairs = finder.find(Optional.empty(), DuplicateFinder.DEFAULT_MIN_SCORE, 1000);
        DuplicatePair script = pair(pairs, "测试脑血管意外甲", "測試腦血管意外甲").orElseThrow();
        assertThat(script.score()).isEqualTo(1.0);
        assertThat(script.keep().name()).isEqualTo("测试脑血管意外甲");
        assertThat(script.reasons()).anySatisfy(r -> assertThat(r).contains("same name"));
        assertThat(script.command()).isEqualTo("strokekg merge " + script.keep().id() + " " + script.merge().id());

        DuplicatePair alias = pair(pairs, "测试卒中样发作", "测试卒中样综合表现").orElseThrow();
        assertThat(alias.score()).isEqualTo(DuplicateFinder.SHARED_ALIAS);
        assertThat(alias.reasons()).anySatisfy(r -> assertThat(r).contains("share the alias \"测试类卒中\""));

        DuplicatePair named = pair(pairs, "测试偏身麻木", "测试半身麻木").orElseThrow();
        assertThat(named.score()).isEqualTo(DuplicateFinder.NAME_IS_ALIAS);
        assertThat(named.reasons()).anySatisfy(r -> assertThat(r).contains("is an alias of"));

        DuplicatePair suffix = pair(pairs, "测试高血压乙", "测试高血压乙病").orElseThrow();
        assertThat(suffix.score()).isEqualTo(DuplicateFinder.GENERIC_SUFFIX);
        assertThat(suffix.reasons()).anySatisfy(r -> assertThat(r).contains("plus the suffix \"病\""));
        assertThat(pair(pairs, "测试胎心监护", "测试胎心监护检查")).hasValueSatisfying(p ->
                assertThat(p.score()).isEqualTo(DuplicateFinder.GENERIC_SUFFIX));
        DuplicatePair bracketed = pair(pairs, "测试血清镁", "测试血清镁（Mg）").orElseThrow();
        assertThat(bracketed.score()).isEqualTo(DuplicateFinder.BRACKETED);
        assertThat(bracketed.keep().name()).isEqualTo("测试血清镁");

        // best first
        assertThat(pairs).extracting(DuplicatePair::score).isSortedAccordingTo((x, y) -> Double.compare(y, x));
    }

    @Test
    void reportsNoPairAmongLookAlikesThatDifferInMeaning() {
        List<DuplicatePair> pairs = finder.find(Optional.empty(), DuplicateFinder.DEFAULT_MIN_SCORE, 100_000);
        for (List<String> names : LOOK_ALIKES) {
            assertThat(pair(pairs, names.get(0), names.get(1))).as(names.toString()).isEmpty();
        }
        // containment is seen, but stays weak: reported only when asked for everything
        List<DuplicatePair> all = finder.find(Optional.empty(), 0.01, 100_000);
        assertThat(pair(all, "测试偏瘫", "测试偏瘫后肩痛")).hasValueSatisfying(p -> {
            assertThat(p.score()).isEqualTo(DuplicateFinder.CONTAINMENT);
            assertThat(p.reasons()).anySatisfy(r -> assertThat(r).contains("weak"));
        });
        assertThat(pair(all, "糖尿", "糖尿病")).hasValueSatisfying(p ->
                assertThat(p.score()).isEqualTo(DuplicateFinder.GENERIC_SUFFIX_OTHER_TYPE));
        assertThat(pair(all, "脚气", "脚气病")).hasValueSatisfying(p ->
                assertThat(p.score()).isEqualTo(DuplicateFinder.SHORT_ROOT_SUFFIX));
        // shared characters are no signal at all
        assertThat(pair(all, "测试脑出血", "测试脑梗死")).isEmpty();
        assertThat(pair(all, "测试偏瘫", "测试截瘫")).isEmpty();
        // curated subtypes joined by SUBTYPE_OF are held apart: the relation counts against the pair
        assertThat(pair(pairs, "脑梗死", "腔隙性脑梗死")).isEmpty();
        pair(all, "脑梗死", "腔隙性脑梗死").ifPresent(p -> assertThat(p.reasons())
                .anySatisfy(r -> assertThat(r).contains("joined by SUBTYPE_OF")));
    }

    @Test
    void typeFilterLimitAndBadInput() {
        List<DuplicatePair> symptoms = finder.find(Optional.of("Symptom"), DuplicateFinder.DEFAULT_MIN_SCORE, 100);
        assertThat(symptoms).isNotEmpty().allSatisfy(p ->
                assertThat(List.of(p.keep().type(), p.merge().type())).contains("Symptom"));
        assertThat(pair(symptoms, "测试偏身麻木", "测试半身麻木")).isPresent();
        assertThat(pair(symptoms, "测试脑血管意外甲", "測試腦血管意外甲")).isEmpty();
        assertThat(finder.find(Optional.empty(), DuplicateFinder.DEFAULT_MIN_SCORE, 2)).hasSize(2);
        assertThatThrownBy(() -> finder.find(Optional.of("Planet"), 0.5, 10)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void confirmingAPairWithItsCommandRemovesItFromTheReport() {
        DuplicatePair script = pair(finder.find(Optional.empty(), 0.5, 1000), "测试脑血管意外甲", "測試腦血管意外甲")
                .orElseThrow();
        String[] command = script.command().split(" ");
        MergeResult m = curation.merge(command[2], command[3], "test");
        assertThat(pair(finder.find(Optional.empty(), 0.5, 1000), "测试脑血管意外甲", "測試腦血管意外甲")).isEmpty();
        assertThat(graph.entity(script.keep().id()).orElseThrow().aliases()).contains("測試腦血管意外甲");
        curation.undo(m.batchId());
        assertThat(pair(finder.find(Optional.empty(), 0.5, 1000), "测试脑血管意外甲", "測試腦血管意外甲")).isPresent();
    }
}
