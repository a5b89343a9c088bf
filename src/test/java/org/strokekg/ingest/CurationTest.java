package org.strokekg.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.GraphStats;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.ingest.resolve.Resolution;
import org.strokekg.testing.SharedData;
import org.strokekg.testing.TestApp;

/** Curator loads through the real composition root and the real embedded Neo4j, seed graph loaded. */
class CurationTest {

    static StrokeKg kg;
    static Curation curation;
    static GraphQueries graph;

    @BeforeAll
    static void app() {
        kg = TestApp.app();
        curation = kg.curation();
        graph = kg.graph();
    }

    static LoadInput text(String name, String content, Optional<IngestFormat> format) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new LoadInput(name, () -> new ByteArrayInputStream(bytes), bytes.length, format);
    }

    static LoadResult load(String name, String content, boolean dryRun) {
        return curation.load(List.of(text(name, content, Optional.empty())), "test", dryRun, ProgressListener.NONE);
    }

    @Test
    void seedIsLoadedAsOrdinaryBatches() {
        GraphStats s = graph.stats();
        assertThat(s.entities()).isGreaterThanOrEqualTo(300);
        assertThat(s.relations()).isGreaterThanOrEqualTo(1000);
        assertThat(s.passages()).isGreaterThanOrEqualTo(150);
        assertThat(curation.batches(100)).filteredOn(b -> b.kind().equals("seed")).hasSize(2)
                .allSatisfy(b -> assertThat(b.curator()).isEqualTo(Seed.CURATOR));
        // every seed batch is a no-op the second time
        assertThat(Seed.load(curation)).allSatisfy(r -> assertThat(r.status()).isEqualTo(LoadResult.Status.UNCHANGED));
    }

    @Test
    void csvTsvAndJsonlTriplesLoadResolveAndUndo() {
        GraphStats before = graph.stats();
        String csv = """
                subject,subject_type,predicate,object,object_type,source,evidence,confidence
                中風,Disease,HAS_SYMPTOM,测试眩晕甲,Symptom,CSV test source,"a quoted, evidence",0.7
                """;
        String tsv = "subject\tsubject_type\tpredicate\tobject\tobject_type\tsource\n"
                + "腦梗死\tDisease\tHAS_SYMPTOM\t测试眩晕乙\tSymptom\tTSV test source\n";
        String jsonl = """
                {"subject":"Stroke","subject_type":"Disease","predicate":"HAS_SYMPTOM","object":"测试眩晕丙","object_type":"Symptom","source":"JSONL test source","confidence":0.5}
                """;
        LoadResult a = load("a.csv", csv, false);
        LoadResult b = load("b.tsv", tsv, false);
        LoadResult c = load("c.jsonl", jsonl, false);
        assertThat(List.of(a, b, c)).allSatisfy(r -> assertThat(r.status()).isEqualTo(LoadResult.Status.COMMITTED));
        // traditional script and English aliases resolve to the curated entities
        assertThat(a.resolutions()).anySatisfy(r -> {
            assertThat(r.written()).isEqualTo("中風");
            assertThat(r.entityId()).isEqualTo("stroke");
            assertThat(r.how()).isEqualTo(Resolution.How.ALIAS);
        });
        assertThat(b.resolutions()).anySatisfy(r -> assertThat(r.entityName()).isEqualTo("脑梗死"));
        assertThat(c.resolutions()).anySatisfy(r -> assertThat(r.entityId()).isEqualTo("stroke"));
        assertThat(graph.stats().relations()).isEqualTo(before.relations() + 3);
        assertThat(graph.stats().entities()).isEqualTo(before.entities() + 3);

        Entity dizzy = graph.search("测试眩晕甲", Optional.empty(), 5).getFirst();
        List<GraphPath> path = graph.paths("stroke", dizzy.id(), 1, 5, Set.of());
        assertThat(path).singleElement().satisfies(p -> {
            var rel = p.relationships().getFirst();
            assertThat(rel.source()).isEqualTo("CSV test source");
            assertThat(rel.batch()).isEqualTo(a.batchId());
            assertThat(rel.curator()).isEqualTo("test");
            assertThat(rel.evidence()).contains("a quoted, evidence");
            assertThat(rel.confidence()).contains(0.7);
        });

        // idempotent: the same content again changes nothing and says so
        LoadResult again = load("renamed.csv", csv, false);
        assertThat(again.status()).isEqualTo(LoadResult.Status.UNCHANGED);
        assertThat(again.batchId()).isEqualTo(a.batchId());
        assertThat(again.message()).hasValueSatisfying(m -> assertThat(m).contains("nothing changed"));

        for (LoadResult r : List.of(c, b, a)) {
            curation.undo(r.batchId());
        }
        assertThat(graph.stats()).isEqualTo(before);
        assertThat(graph.entity("stroke")).isPresent();
    }

    @Test
    void badLinesRejectTheWholeFileWithTheirNumbers() {
        GraphStats before = graph.stats();
        String csv = """
                subject,subject_type,predicate,object,object_type,source,evidence,confidence
                脑卒中,Disease,HAS_SYMPTOM,测试好行,Symptom,ok source,,
                脑卒中,Disease,TREATS_WITH,阿司匹林,Drug,src,,
                ,Disease,HAS_SYMPTOM,头痛,Symptom,src,,
                头痛,Symptom,HAS_SYMPTOM,脑卒中,Disease,src,,
                脑卒中,Disease,HAS_SYMPTOM,头痛,Symptom,src,extra,0.5,more
                脑卒中,Disease,HAS_SYMPTOM,头痛,Symptom,src,,1.5
                """;
        LoadResult r = load("bad.csv", csv, false);
        assertThat(r.status()).isEqualTo(LoadResult.Status.REJECTED);
        assertThat(r.errors()).extracting(LoadResult.FileError::line).contains(3L, 4L, 5L, 6L, 7L).doesNotContain(2L);
        assertThat(r.errors()).filteredOn(e -> e.line() == 3).extracting(LoadResult.FileError::field).contains("predicate");
        assertThat(r.errors()).filteredOn(e -> e.line() == 4).extracting(LoadResult.FileError::field).contains("subject");
        assertThat(r.errors()).filteredOn(e -> e.line() == 5).extracting(LoadResult.FileError::field).contains("subject_type");
        assertThat(r.errors()).filteredOn(e -> e.line() == 6).extracting(LoadResult.FileError::field).contains("columns");
        assertThat(r.errors()).filteredOn(e -> e.line() == 7).extracting(LoadResult.FileError::field).contains("confidence");
        assertThat(graph.stats()).isEqualTo(before);
        assertThat(graph.search("测试好行", Optional.empty(), 5)).isEmpty();
    }

    @Test
    void dryRunReportsWithoutWriting() {
        GraphStats before = graph.stats();
        LoadResult r = load("dry.csv", """
                subject,subject_type,predicate,object,object_type,source
                脑卒中,Disease,HAS_SYMPTOM,测试干跑症状,Symptom,dry source
                """, true);
        assertThat(r.status()).isEqualTo(LoadResult.Status.DRY_RUN);
        assertThat(r.counts()).containsEntry("newEntities", 1L).containsEntry("relations", 1L);
        assertThat(graph.stats()).isEqualTo(before);
        assertThat(curation.batches(1000)).noneMatch(b -> b.id().equals(r.batchId()));
    }

    @Test
    void entityAliasAndPassageFilesExtendTheGraphAndUndoExactly() {
        Entity strokeBefore = graph.entity("stroke").orElseThrow();
        GraphStats before = graph.stats();
        LoadResult aliases = load("aliases.tsv", "canonical\talias\ttype\tsource\n脑卒中\t测试脑中风别名\tDisease\talias test\n", false);
        assertThat(aliases.status()).isEqualTo(LoadResult.Status.COMMITTED);
        assertThat(graph.entity("stroke").orElseThrow().aliases()).contains("测试脑中风别名");
        // the new alias is a matching key at once
        assertThat(graph.search("测试脑中风别名", Optional.empty(), 5)).extracting(Entity::id).containsExactly("stroke");

        LoadResult passages = curation.load(List.of(text("p.jsonl",
                "{\"id\":\"p-test-1\",\"title\":\"测试段落\",\"text\":\"测试脑中风别名的段落。\",\"source\":\"passage test\","
                        + "\"entities\":[\"stroke\",\"偏瘫\"]}\n", Optional.of(IngestFormat.PASSAGES_JSONL))),
                "test", false, ProgressListener.NONE);
        assertThat(passages.status()).isEqualTo(LoadResult.Status.COMMITTED);
        assertThat(graph.stats().passages()).isEqualTo(before.passages() + 1);

        curation.undo(passages.batchId());
        curation.undo(aliases.batchId());
        assertThat(graph.entity("stroke").orElseThrow()).isEqualTo(strokeBefore);
        assertThat(graph.stats()).isEqualTo(before);
    }

    @Test
    void englishDescriptionsAndPassageLanguagesAreStoredIndexedAndUndone() {
        GraphStats before = graph.stats();
        String header = "id\ttype\tname\taliases\tdescription\tdescription_en\tsource\n";
        LoadResult created = load("e1.tsv", header
                + "t-en-a\tSymptom\t测试英文甲\t\t测试描述甲。\tTest description A.\ten test\n"
                + "t-en-b\tSymptom\t测试英文乙\t\t测试描述乙。\t\ten test\n", false);
        assertThat(created.status()).isEqualTo(LoadResult.Status.COMMITTED);
        assertThat(graph.entity("t-en-a").orElseThrow().descriptionEn()).isEqualTo("Test description A.");
        assertThat(graph.entity("t-en-b").orElseThrow().descriptionEn()).isEmpty();
        // a later batch gives an English description to an entity that had none, never over one it has
        LoadResult described = load("e2.tsv", header
                + "t-en-a\tSymptom\t测试英文甲\t\t\tAnother description.\ten test 2\n"
                + "t-en-b\tSymptom\t测试英文乙\t\t\tTest description B.\ten test 2\n", false);
        assertThat(described.status()).isEqualTo(LoadResult.Status.COMMITTED);
        assertThat(graph.entity("t-en-a").orElseThrow().descriptionEn()).isEqualTo("Test description A.");
        assertThat(graph.entity("t-en-b").orElseThrow().descriptionEn()).isEqualTo("Test description B.");

        LoadResult passages = curation.load(List.of(text("p.jsonl", """
                {"id":"p-test-zh","title":"测试英文甲","text":"测试英文甲的中文段落。","source":"passage test","entities":["t-en-a"],"population":"child"}
                {"id":"p-test-en","title":"Test A","text":"An English passage on recovering from test strokes.","source":"passage test","entities":["t-en-a"],"lang":"en","translation_of":"p-test-zh"}
                """, Optional.of(IngestFormat.PASSAGES_JSONL))), "test", false, ProgressListener.NONE);
        assertThat(passages.status()).isEqualTo(LoadResult.Status.COMMITTED);
        var index = kg.passageIndex();
        assertThat(index.get("p-test-zh").orElseThrow()).satisfies(p -> {
            assertThat(p.lang()).isEqualTo("zh");
            assertThat(p.translationOf()).isEmpty();
            assertThat(p.population()).isEqualTo("child");
        });
        assertThat(index.get("p-test-en").orElseThrow()).satisfies(p -> {
            assertThat(p.lang()).isEqualTo("en");
            assertThat(p.translationOf()).isEqualTo("p-test-zh");
            assertThat(p.population()).isEmpty();
        });
        // the graph keeps them too: a rebuild of the index from the graph gives the same documents
        assertThat(new org.strokekg.graph.GraphExport(kg.store()).passages(List.of("p-test-en"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.lang()).isEqualTo("en");
                    assertThat(p.translationOf()).isEqualTo("p-test-zh");
                    assertThat(p.population()).isEmpty();
                });
        assertThat(new org.strokekg.graph.GraphExport(kg.store()).passages(List.of("p-test-zh"))).singleElement()
                .satisfies(p -> assertThat(p.population()).isEqualTo("child"));

        curation.undo(passages.batchId());
        curation.undo(described.batchId());
        assertThat(graph.entity("t-en-b").orElseThrow().descriptionEn()).isEmpty();
        assertThat(graph.entity("t-en-a").orElseThrow().descriptionEn()).isEqualTo("Test description A.");
        curation.undo(created.batchId());
        assertThat(graph.stats()).isEqualTo(before);
    }

    @Test
    void aRealXywyCrawlFileLoadsAndLinksToTheCuratedGraph() {
        Optional<Path> file = SharedData.file("kg/Tonystark-001_MedicalKGQA/medical_1.json");
        assumeThat(file).as("../shared/data is needed for this test").isPresent();
        GraphStats before = graph.stats();
        LoadResult r = curation.load(List.of(LoadInput.of(file.get(), Optional.empty())), "test", false,
                ProgressListener.NONE);
        assertThat(r.status()).as("%s %s", r.message(), r.errors().stream().limit(5).toList())
                .isEqualTo(LoadResult.Status.COMMITTED);
        assertThat(r.counts().get("triples")).isGreaterThan(5000);
        // 脑梗塞 (xywy) is an alias of the curated 脑梗死: its symptoms hang off the curated entity
        Entity infarct = graph.search("脑梗死", Optional.of("Disease"), 1).getFirst();
        assertThat(infarct.id()).isEqualTo("ischemic-stroke");
        assertThat(r.resolutions()).isNotEmpty();
        var neighbours = graph.neighbours(infarct.id(), 1, Set.of("HAS_SYMPTOM"), Set.of(), 500).orElseThrow();
        assertThat(neighbours.relationships()).anySatisfy(rel -> assertThat(rel.source()).contains("xywy"));
        curation.undo(r.batchId());
        assertThat(graph.stats()).isEqualTo(before);
    }

    @Test
    void loadEachPlansTheNextFileWhileWritingAndResolvesAcrossThem() {
        GraphStats before = graph.stats();
        String first = "subject,subject_type,predicate,object,object_type,source\n"
                + "脑卒中,Disease,HAS_SYMPTOM,测试流水线症状甲,Symptom,pipeline A\n";
        // the second file names the first file's new entity in traditional script: it must not become a second one
        String second = "subject,subject_type,predicate,object,object_type,source\n"
                + "测试流水线症状甲,Symptom,DIAGNOSED_BY,测试流水线检查乙,Examination,pipeline B\n"
                + "脑梗死,Disease,HAS_SYMPTOM,測試流水線症狀甲,Symptom,pipeline B\n";
        List<LoadResult> results = curation.loadEach(List.of(
                List.of(text("a.csv", first, Optional.empty())),
                List.of(text("b.csv", second, Optional.empty())),
                List.of(text("a-again.csv", first, Optional.empty()))), "test", ProgressListener.NONE);
        assertThat(results).extracting(LoadResult::status).containsExactly(LoadResult.Status.COMMITTED,
                LoadResult.Status.COMMITTED, LoadResult.Status.UNCHANGED);
        assertThat(graph.search("测试流水线症状甲", Optional.empty(), 5)).hasSize(1);
        assertThat(graph.stats().entities()).isEqualTo(before.entities() + 2);
        assertThat(graph.stats().relations()).isEqualTo(before.relations() + 3);
        curation.undo(results.get(1).batchId());
        curation.undo(results.get(0).batchId());
        assertThat(graph.stats()).isEqualTo(before);
    }
}
