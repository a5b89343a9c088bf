package org.strokekg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.graph.Neighbourhood;
import org.strokekg.graph.Relation;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.search.PassageHit;
import org.strokekg.search.PassageQuery;
import org.strokekg.trust.Trust;
import org.strokekg.testing.TestApp;

/**
 * The crawl imported faithfully, on the committed noisy slice (src/test/resources/ingest/xywy-slice.json, written in
 * the crawl's format): the crawl rules' report, no 「脑出血可出现高血压」-style reversal in the graph, the prose as
 * unreviewed passages searchable at commit, and undo.
 */
class CrawlRulesTest {

    static StrokeKg kg;
    static LoadResult loaded;

    @BeforeAll
    static void load() {
        kg = TestApp.app();
        loaded = kg.curation().load(List.of(slice()), "crawl-rules-test", false, ProgressListener.NONE);
        assertThat(loaded.status()).as(loaded.toString()).isEqualTo(LoadResult.Status.COMMITTED);
    }

    @AfterAll
    static void undo() {
        kg.curation().undo(loaded.batchId());
    }

    static LoadInput slice() {
        return LoadInput.ofResource("ingest/xywy-slice.json", IngestFormat.XYWY);
    }

    @Test
    void theCrawlLoadsUnreviewedWithItsRemapsAndSkipsCountedWithExamples() {
        assertThat(loaded.trust()).isEqualTo(Trust.UNREVIEWED);
        Map<String, CrawlMapping> byRule = loaded.mapping().stream()
                .collect(Collectors.toMap(CrawlMapping::rule, m -> m));
        assertThat(byRule.keySet()).contains("disease-as-symptom", "risk-factor-as-symptom", "lab-value-as-symptom",
                "not-a-symptom", "self-pair", "symptom-symptom-complication", "symptom-complication", "symptom-record",
                "type-mismatch");
        assertThat(byRule.get("disease-as-symptom").action()).isEqualTo("association");
        assertThat(byRule.get("disease-as-symptom").examples()).anySatisfy(e -> assertThat(e).contains("血压高")
                .contains("高血压"));
        assertThat(byRule.get("risk-factor-as-symptom").examples()).anySatisfy(e -> assertThat(e).contains("吸烟"));
        assertThat(byRule.get("lab-value-as-symptom").action()).isEqualTo("skipped");
        assertThat(byRule.get("lab-value-as-symptom").examples()).anySatisfy(e -> assertThat(e).contains("血小板减少"));
        assertThat(byRule.get("not-a-symptom").examples()).anySatisfy(e -> assertThat(e).contains("肺部")
                .contains("BodyPart"));
        assertThat(byRule.get("self-pair").examples()).anySatisfy(e -> assertThat(e).contains("脑溢血"));
        assertThat(byRule.get("symptom-symptom-complication").examples())
                .anySatisfy(e -> assertThat(e).contains("恶心呕吐").contains("眩晕"));
        assertThat(byRule.get("symptom-complication").examples()).anySatisfy(e -> assertThat(e).contains("切片头痛"));
        assertThat(byRule.values()).allSatisfy(m -> assertThat(m.count()).isPositive());
    }

    @Test
    void noDiseaseIsASymptomOfAnotherAndNoSymptomAComplicationOfAnother() {
        Neighbourhood ich = kg.graph().neighbours("intracerebral-hemorrhage", 1, Set.of(), Set.of(), 500).orElseThrow();
        List<Relation> crawl = ich.relationships().stream().filter(r -> r.batches().contains(loaded.batchId())).toList();
        // 血压高 resolves to the curated disease 高血压: kept as a neutral association, never as a symptom
        assertThat(crawl).noneMatch(r -> r.type().equals("HAS_SYMPTOM") && r.endId().equals("hypertension"));
        assertThat(crawl).anySatisfy(r -> {
            assertThat(r.type()).isEqualTo("ASSOCIATED_WITH");
            assertThat(r.endId()).isEqualTo("hypertension");
            assertThat(r.trust()).isEqualTo(Trust.UNREVIEWED);
        });
        assertThat(crawl).anySatisfy(r -> assertThat(r.type() + r.endId()).isEqualTo("ASSOCIATED_WITHsmoking"));
        assertThat(crawl).anySatisfy(r -> assertThat(r.type() + r.endId()).isEqualTo("HAS_SYMPTOMaltered-consciousness"));
        assertThat(crawl).allSatisfy(r -> assertThat(r.trust()).isEqualTo(Trust.UNREVIEWED));
        // the curated relations of the seed keep their level
        assertThat(ich.relationships()).filteredOn(r -> r.batches().stream().noneMatch(b -> b.equals(loaded.batchId())))
                .isNotEmpty().allSatisfy(r -> assertThat(r.trust()).isEqualTo(Trust.CURATED));
        Neighbourhood vertigo = kg.graph().neighbours("vertigo", 1, Set.of(), Set.of(), 500).orElseThrow();
        assertThat(vertigo.relationships()).filteredOn(r -> r.batches().contains(loaded.batchId()))
                .noneMatch(r -> r.type().equals("COMPLICATION_OF") || r.type().equals("BELONGS_TO")
                        || r.type().equals("HAS_SYMPTOM"));
    }

    @Test
    void theProseBecomesUnreviewedPassagesOfItsDiseaseSearchableAtOnce() {
        assertThat(loaded.counts().get("passages")).isGreaterThanOrEqualTo(8);
        List<PassageHit> hits = kg.passageIndex().search(new PassageQuery("测试切片 急性期绝对卧床 头部抬高", Set.of(), 5,
                PassageQuery.Mode.BM25));
        assertThat(hits).isNotEmpty();
        PassageHit nursing = hits.getFirst();
        assertThat(nursing.doc().id()).isEqualTo("xywy-xywy-slice-0-nursing-1");
        assertThat(nursing.doc().title()).isEqualTo("脑出血·护理");
        assertThat(nursing.doc().trust()).isEqualTo(Trust.UNREVIEWED);
        assertThat(nursing.doc().entityIds()).containsExactly("intracerebral-hemorrhage");
        assertThat(nursing.doc().source()).contains("xywy-slice.json #0").endsWith("护理");
        // room for what an answer may state: the trusted passages about the same disease still come back
        List<PassageHit> room = kg.passageIndex().search(new PassageQuery("脑出血 测试切片", Set.of(), 2,
                PassageQuery.Mode.BM25).withMinTrust(Trust.REVIEWED));
        assertThat(room.stream().filter(h -> h.doc().trust().atLeast(Trust.REVIEWED)).count())
                .isLessThanOrEqualTo(2);
        assertThat(room).anyMatch(h -> h.doc().trust() == Trust.UNREVIEWED);
        assertThat(kg.graph().stats().passagesByTrust()).containsKey("unreviewed");
    }

    @Test
    void theSameSliceLoadedAsReviewedIsAnotherBatchThatRaisesItsFactsAndUndoLowersThemAgain() {
        LoadResult again = kg.curation().load(List.of(slice()), "crawl-rules-test", false, Optional.empty(),
                Optional.of(Trust.REVIEWED), ProgressListener.NONE);
        try {
            assertThat(again.status()).isEqualTo(LoadResult.Status.COMMITTED);
            assertThat(again.batchId()).isNotEqualTo(loaded.batchId());
            assertThat(assoc().trust()).isEqualTo(Trust.REVIEWED);
        } finally {
            kg.curation().undo(again.batchId());
        }
        assertThat(assoc().trust()).isEqualTo(Trust.UNREVIEWED);
        assertThat(kg.curation().load(List.of(slice()), "crawl-rules-test", false, ProgressListener.NONE).status())
                .isEqualTo(LoadResult.Status.UNCHANGED);
    }

    static Relation assoc() {
        return kg.graph().neighbours("intracerebral-hemorrhage", 1, Set.of("ASSOCIATED_WITH"), Set.of(), 100)
                .orElseThrow().relationships().stream().filter(r -> r.endId().equals("hypertension")).findFirst()
                .orElseThrow();
    }
}
