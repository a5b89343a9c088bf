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
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.GraphStats;
import org.strokekg.graph.Relation;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.ingest.resolve.NameMatching;
import org.strokekg.ingest.resolve.Resolution;
import org.strokekg.ingest.resolve.Resolver;
import org.strokekg.testing.SharedData;
import org.strokekg.testing.TestApp;

/** Entity resolution through real loads on the seeded graph: synonyms, scripts, English, crawl records, alias files. */
class ResolutionTest {

    static StrokeKg kg;
    static Curation curation;
    static GraphQueries graph;

    @BeforeAll
    static void app() {
        kg = TestApp.app();
        curation = kg.curation();
        graph = kg.graph();
    }

    static LoadInput text(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new LoadInput(name, () -> new ByteArrayInputStream(bytes), bytes.length, Optional.empty());
    }

    static LoadResult commit(LoadInput input) {
        LoadResult r = curation.load(List.of(input), "test", false, ProgressListener.NONE);
        assertThat(r.status()).as("%s %s", r.message(), r.errors()).isEqualTo(LoadResult.Status.COMMITTED);
        return r;
    }

    /** Written name → the curated entity it must resolve to, with the type the line gives. */
    record Synonym(String written, String type, String entity) {
    }

    static final List<Synonym> SYNONYMS = List.of(
            new Synonym("脑梗死", "Disease", "ischemic-stroke"), new Synonym("脑梗塞", "Disease", "ischemic-stroke"),
            new Synonym("缺血性脑卒中", "Disease", "ischemic-stroke"), new Synonym("腦梗塞", "Disease", "ischemic-stroke"),
            new Synonym("缺血性腦卒中", "Disease", "ischemic-stroke"), new Synonym("Cerebral Infarction", "Disease", "ischemic-stroke"),
            new Synonym("ＩＳＣＨＥＭＩＣ ＳＴＲＯＫＥ", "Disease", "ischemic-stroke"),
            new Synonym("中风", "Disease", "stroke"), new Synonym("脑卒中", "Disease", "stroke"),
            new Synonym("卒中", "Disease", "stroke"), new Synonym("中風", "Disease", "stroke"),
            new Synonym("腦卒中", "Disease", "stroke"), new Synonym("Stroke", "Disease", "stroke"),
            new Synonym("偏瘫", "Complication", "hemiplegia"), new Synonym("半身不遂", "Complication", "hemiplegia"),
            new Synonym("hemiplegia", "Complication", "hemiplegia"), new Synonym("偏癱", "Complication", "hemiplegia"),
            // a crawl calls it a symptom: 症状 and 并发症 are one type group, so it still finds the curated entity
            new Synonym("半身不遂", "Symptom", "hemiplegia"), new Synonym("HEMIPLEGIA", "Symptom", "hemiplegia"),
            // a subtype is not a synonym (the seed's medical judgement): 脑血栓 stays 脑血栓形成, not 脑梗死
            new Synonym("脑血栓", "Disease", "cerebral-thrombosis"), new Synonym("腦血栓形成", "Disease", "cerebral-thrombosis"));

    @Test
    void synonymsResolveToOneEntityEachInBothScriptsAndEnglish() {
        GraphStats before = graph.stats();
        StringBuilder csv = new StringBuilder("subject,subject_type,predicate,object,object_type,source\n");
        for (int i = 0; i < SYNONYMS.size(); i++) {
            Synonym s = SYNONYMS.get(i);
            // each line its own object, so every written name leaves a relation on the entity it resolved to
            String predicate = s.entity().equals("hemiplegia") ? "REHABILITATED_BY" : "HAS_SYMPTOM";
            String objectType = s.entity().equals("hemiplegia") ? "RehabMethod" : "Symptom";
            csv.append(s.written()).append(',').append(s.type()).append(',').append(predicate).append(",测试同义对象")
                    .append(i).append(',').append(objectType).append(",resolution test\n");
        }
        LoadResult r = commit(text("synonyms.csv", csv.toString()));
        assertThat(r.counts()).containsEntry("newEntities", (long) SYNONYMS.size());
        for (Synonym s : SYNONYMS) {
            Entity e = graph.entity(s.entity()).orElseThrow();
            if (!s.written().equals(e.name())) {
                assertThat(r.resolutions()).as(s.written()).anySatisfy(res -> {
                    assertThat(res.written()).isEqualTo(s.written());
                    assertThat(res.entityId()).isEqualTo(s.entity());
                });
            }
        }
        for (int i = 0; i < SYNONYMS.size(); i++) {
            String object = "测试同义对象" + i;
            String entity = SYNONYMS.get(i).entity();
            List<Relation> rels = graph.neighbours(entity, 1, Set.of(), Set.of(), 500).orElseThrow().relationships();
            assertThat(rels).as(SYNONYMS.get(i).written())
                    .anySatisfy(rel -> assertThat(graph.entity(rel.endId()).orElseThrow().name()).isEqualTo(object));
        }
        assertThat(graph.stats().entities()).isEqualTo(before.entities() + SYNONYMS.size());
        // 脑血栓形成 stays a subtype of 脑梗死, as the seed states
        assertThat(graph.paths("cerebral-thrombosis", "ischemic-stroke", 1, 5, Set.of("SUBTYPE_OF"))).isNotEmpty();
        curation.undo(r.batchId());
        assertThat(graph.stats()).isEqualTo(before);
    }

    @Test
    void theXywyCrawlLinksItsInfarctionRecordsToOneEntity() {
        Optional<Path> one = SharedData.file("kg/Tonystark-001_MedicalKGQA/medical_1.json");
        Optional<Path> seven = SharedData.file("kg/Tonystark-001_MedicalKGQA/medical_7.json");
        assumeThat(one.isPresent() && seven.isPresent()).as("../shared/data is needed for this test").isTrue();
        GraphStats before = graph.stats();
        Entity infarctBefore = graph.entity("ischemic-stroke").orElseThrow();
        LoadResult first = curation.load(List.of(LoadInput.of(one.get(), Optional.empty())), "test", false,
                ProgressListener.NONE);
        LoadResult second = curation.load(List.of(LoadInput.of(seven.get(), Optional.empty())), "test", false,
                ProgressListener.NONE);
        assertThat(List.of(first.status(), second.status())).containsOnly(LoadResult.Status.COMMITTED);
        // medical_1 has a 脑梗塞 record, medical_7 a 脑梗死 record: both land on the curated 脑梗死
        assertThat(first.resolutions()).anySatisfy(res -> {
            assertThat(res.written()).isEqualTo("脑梗塞");
            assertThat(res.field()).isEqualTo("name");
            assertThat(res.entityId()).isEqualTo("ischemic-stroke");
            assertThat(res.how()).isEqualTo(Resolution.How.ALIAS);
        });
        assertThat(second.resolutions()).anySatisfy(res -> {
            assertThat(res.written()).isEqualTo("脑梗死");
            assertThat(res.field()).isEqualTo("name");
            assertThat(res.entityId()).isEqualTo("ischemic-stroke");
        });
        List<Relation> rels = graph.neighbours("ischemic-stroke", 1, Set.of(), Set.of(), 500).orElseThrow()
                .relationships();
        assertThat(rels).anySatisfy(rel -> assertThat(rel.source()).contains("medical_1"));
        assertThat(rels).anySatisfy(rel -> assertThat(rel.source()).contains("medical_7"));
        // no second infarction entity: the name and its synonym are one entity's keys
        for (String name : List.of("脑梗塞", "脑梗死")) {
            assertThat(graph.search(Resolver.key(name), Optional.of("Disease"), 50))
                    .filteredOn(e -> e.name().equals(name) || e.aliases().contains(name))
                    .extracting(Entity::id).containsExactly("ischemic-stroke");
        }
        curation.undo(second.batchId());
        curation.undo(first.batchId());
        assertThat(graph.stats()).isEqualTo(before);
        assertThat(graph.entity("ischemic-stroke")).contains(infarctBefore);
    }

    @Test
    void anAliasGivenToSeveralConceptsIsAddedToNone() {
        GraphStats before = graph.stats();
        LoadResult names = commit(text("ambiguity.csv", """
                subject,subject_type,predicate,object,object_type,source
                测试歧义中风,Disease,HAS_SYMPTOM,测试歧义症状,Symptom,ambiguity test
                测试歧义太阳中风,Disease,HAS_SYMPTOM,测试歧义症状,Symptom,ambiguity test
                """));
        LoadResult aliases = commit(text("ambiguity-aliases.tsv", """
                canonical\talias\ttype\tsource
                测试歧义中风\t测试歧义别名\tDisease\tambiguity test
                测试歧义太阳中风\t测试歧义别名\tDisease\tambiguity test
                测试歧义中风\t测试歧义别名二\tDisease\tambiguity test
                测试歧义不在图中\t测试歧义别名二\tDisease\tambiguity test
                中风\t测试同体别名\tDisease\tambiguity test
                脑卒中\t测试同体别名\tDisease\tambiguity test
                测试歧义中风\t测试单一别名\tDisease\tambiguity test
                """));
        assertThat(aliases.errors()).isEmpty();
        assertThat(aliases.notes()).filteredOn(n -> n.reason().contains("added to none")).hasSize(3)
                .anySatisfy(n -> assertThat(n.reason()).contains("测试歧义中风", "测试歧义太阳中风"));
        Entity stroke = graph.entity("stroke").orElseThrow();
        assertThat(stroke.aliases()).contains("测试同体别名");
        Entity a = graph.search("测试歧义中风", Optional.empty(), 1).getFirst();
        Entity b = graph.search("测试歧义太阳中风", Optional.empty(), 1).getFirst();
        assertThat(a.aliases()).containsExactly("测试单一别名");
        assertThat(b.aliases()).isEmpty();
        assertThat(graph.search("测试歧义别名", Optional.empty(), 5)).extracting(Entity::aliases)
                .noneMatch(l -> l.contains("测试歧义别名"));
        curation.undo(aliases.batchId());
        curation.undo(names.batchId());
        assertThat(graph.stats()).isEqualTo(before);
    }

    @Test
    void diseaseCsvAliasesDoNotTurnATcmTermIntoStroke() {
        Optional<Path> file = SharedData.file("kg/zhihao-chen_QASystemOnMedicalGraph/disease.csv");
        assumeThat(file).as("../shared/data is needed for this test").isPresent();
        GraphStats before = graph.stats();
        Entity strokeBefore = graph.entity("stroke").orElseThrow();
        // the TCM term 太阳中风 (a cold-damage pattern, not a stroke) is in the graph before the alias file comes
        LoadResult tcm = commit(text("tcm.csv", """
                subject,subject_type,predicate,object,object_type,source
                太阳中风,Disease,HAS_SYMPTOM,测试恶风,Symptom,tcm test
                """));
        LoadResult aliases = curation.load(List.of(LoadInput.of(file.get(), Optional.of(IngestFormat.DISEASE_CSV_ALIASES))),
                "test", false, ProgressListener.NONE);
        assertThat(aliases.status()).isEqualTo(LoadResult.Status.COMMITTED);
        Entity taiyang = graph.search("太阳中风", Optional.of("Disease"), 1).getFirst();
        assertThat(taiyang.name()).isEqualTo("太阳中风");
        assertThat(taiyang.aliases()).doesNotContain("脑卒中", "卒中");
        // facts about 脑卒中 still go to the curated stroke
        LoadResult dry = curation.load(List.of(text("dry.csv", "subject,subject_type,predicate,object,object_type,source\n"
                + "脑卒中,Disease,HAS_SYMPTOM,测试恶风,Symptom,dry\n卒中,Disease,HAS_SYMPTOM,测试恶风,Symptom,dry\n")),
                "test", true, ProgressListener.NONE);
        assertThat(dry.resolutions()).filteredOn(res -> res.field().equals("subject"))
                .extracting(Resolution::entityId).containsOnly("stroke");
        curation.undo(aliases.batchId());
        curation.undo(tcm.batchId());
        assertThat(graph.stats()).isEqualTo(before);
        assertThat(graph.entity("stroke")).contains(strokeBefore);
    }

    @Test
    void withoutResolutionEveryWrittenNameIsItsOwnEntity() {
        GraphStats before = graph.stats();
        String csv = """
                subject,subject_type,predicate,object,object_type,source
                测试字面脑病,Disease,HAS_SYMPTOM,测试字面症状,Symptom,literal test
                測試字面腦病,Disease,HAS_SYMPTOM,测试字面症状,Symptom,literal test
                测试字面脑病,Disease,HAS_SYMPTOM,测试字面症状,Symptom,literal test two
                """;
        LoadResult resolved = curation.load(List.of(text("literal.csv", csv)), "test", true, ProgressListener.NONE);
        assertThat(resolved.counts()).containsEntry("newEntities", 2L);
        LoadResult literal = curation.matching(NameMatching.LITERAL).load(List.of(text("literal.csv", csv)), "test",
                false,
                ProgressListener.NONE);
        assertThat(literal.status()).isEqualTo(LoadResult.Status.COMMITTED);
        assertThat(literal.counts()).containsEntry("newEntities", 3L);
        assertThat(literal.batchId()).isNotEqualTo(resolved.batchId());
        assertThat(graph.stats().entities()).isEqualTo(before.entities() + 3);
        curation.undo(literal.batchId());
        assertThat(graph.stats()).isEqualTo(before);
    }
}
