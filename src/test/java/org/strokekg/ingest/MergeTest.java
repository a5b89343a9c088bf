package org.strokekg.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.error.ConflictException;
import org.strokekg.error.NotFoundException;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.GraphStats;
import org.strokekg.graph.Ids;
import org.strokekg.graph.MergeResult;
import org.strokekg.graph.Relation;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.ingest.resolve.Resolution;
import org.strokekg.ingest.resolve.Resolver;
import org.strokekg.testing.GraphState;
import org.strokekg.testing.TestApp;

/** Merging entities and undoing the merge, through the curator service on the seeded graph (real Neo4j, real indexes). */
class MergeTest {

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

    static LoadResult commit(LoadInput... inputs) {
        LoadResult r = curation.load(List.of(inputs), "test", false, ProgressListener.NONE);
        assertThat(r.status()).as("%s %s", r.message(), r.errors()).isEqualTo(LoadResult.Status.COMMITTED);
        return r;
    }

    static String id(String name) {
        return graph.search(Resolver.key(name), Optional.empty(), 1).getFirst().id();
    }

    static final String ENTITIES = """
            id\ttype\tname\taliases\tdescription\tsource\tdescription_en
            \tDisease\t测试合并甲病\t测试甲病别名\t\tmerge test\t
            \tDisease\t测试合并乙病\t测试乙病别名|測試乙病別名二\t乙病的一句描述。\tmerge test B\tB in one sentence.
            """;

    static final String TRIPLES = """
            subject,subject_type,predicate,object,object_type,source,evidence,confidence
            测试合并甲病,Disease,HAS_SYMPTOM,测试合并共同症状,Symptom,merge source,,
            测试合并乙病,Disease,HAS_SYMPTOM,测试合并共同症状,Symptom,merge source,,
            测试合并乙病,Disease,HAS_SYMPTOM,测试合并共同症状,Symptom,other source,,
            测试合并乙病,Disease,TREATED_BY,测试合并乙药,Drug,merge source,evidence text,0.8
            测试合并危险因素,RiskFactor,RISK_FACTOR_OF,测试合并乙病,Disease,merge source,,
            测试合并甲病,Disease,SUBTYPE_OF,测试合并乙病,Disease,merge source,,
            """;

    static final String PASSAGES = """
            {"id":"p-merge-test-1","title":"测试合并段落","text":"测试合并乙病的段落。","source":"merge test","entities":["测试合并乙病"]}
            {"id":"p-merge-test-2","title":"测试合并段落二","text":"测试合并甲病与测试合并乙病。","source":"merge test","entities":["测试合并甲病","测试合并乙病"]}
            """;

    /** A second batch supporting two of B's relations, one of which folds into A's. */
    static final String SUPPORT = """
            subject,subject_type,predicate,object,object_type,source
            测试合并乙病,Disease,HAS_SYMPTOM,测试合并共同症状,Symptom,merge source
            测试合并乙病,Disease,TREATED_BY,测试合并乙药,Drug,merge source
            """;

    @Test
    void mergeMovesEverythingAndUndoRestoresTheGraphExactly() {
        GraphStats baseline = graph.stats();
        LoadResult load = commit(text("merge-entities.tsv", ENTITIES, Optional.empty()),
                text("merge-triples.csv", TRIPLES, Optional.empty()),
                text("merge-passages.jsonl", PASSAGES, Optional.of(IngestFormat.PASSAGES_JSONL)));
        LoadResult support = commit(text("merge-support.csv", SUPPORT, Optional.empty()));
        String a = id("测试合并甲病");
        String b = id("测试合并乙病");
        String drug = id("测试合并乙药");
        String symptom = id("测试合并共同症状");
        List<String> ids = List.of(a, b, drug, symptom, id("测试合并危险因素"));
        GraphState before = GraphState.of(kg.store(), ids);
        GraphStats loaded = graph.stats();

        MergeResult m = curation.merge(a, b, "merge-tester");
        assertThat(m.relationsMoved()).isEqualTo(3);
        assertThat(m.relationsFolded()).isEqualTo(1);
        assertThat(m.relationsDropped()).isEqualTo(1);
        assertThat(m.passagesRepointed()).isEqualTo(2);
        assertThat(graph.entity(b)).isEmpty();
        Entity merged = graph.entity(a).orElseThrow();
        assertThat(merged.aliases()).contains("测试甲病别名", "测试合并乙病", "测试乙病别名", "測試乙病別名二");
        assertThat(merged.description()).isEqualTo("乙病的一句描述。");
        assertThat(merged.descriptionEn()).isEqualTo("B in one sentence.");
        assertThat(merged.sources()).contains("merge test", "merge test B");
        assertThat(graph.stats().entities()).isEqualTo(loaded.entities() - 1);
        assertThat(graph.stats().relations()).isEqualTo(loaded.relations() - 2);

        // moved relations keep their provenance under an id recomputed from the new ends
        List<Relation> around = graph.neighbours(a, 1, Set.of(), Set.of(), 100).orElseThrow().relationships();
        Relation treated = around.stream().filter(r -> r.type().equals("TREATED_BY")).findFirst().orElseThrow();
        assertThat(treated.id()).isEqualTo(Ids.relation(a, "TREATED_BY", drug, "merge source"));
        assertThat(treated.startId()).isEqualTo(a);
        assertThat(treated.batch()).isEqualTo(load.batchId());
        assertThat(treated.batches()).containsExactly(load.batchId(), support.batchId());
        assertThat(treated.curator()).isEqualTo("test");
        assertThat(treated.evidence()).contains("evidence text");
        assertThat(treated.confidence()).contains(0.8);
        assertThat(around).filteredOn(r -> r.type().equals("RISK_FACTOR_OF")).singleElement()
                .satisfies(r -> assertThat(r.endId()).isEqualTo(a));
        // the same fact from the same source is folded: B's support joins A's relation
        assertThat(around).filteredOn(r -> r.type().equals("HAS_SYMPTOM") && r.source().equals("merge source"))
                .singleElement().satisfies(r -> assertThat(r.batches()).containsExactly(load.batchId(), support.batchId()));
        assertThat(around).filteredOn(r -> r.type().equals("HAS_SYMPTOM")).hasSize(2);
        assertThat(around).noneMatch(r -> r.type().equals("SUBTYPE_OF"));

        // the index, the resolver and the passages see the merged entity at once
        assertThat(kg.entityIndex().search("测试合并乙病", Optional.empty(), 3).getFirst().entity().id()).isEqualTo(a);
        assertThat(kg.entityIndex().search("测试乙病别名", Optional.empty(), 3).getFirst().entity().id()).isEqualTo(a);
        assertThat(kg.passageIndex().get("p-merge-test-1").orElseThrow().entityIds()).containsExactly(a);
        LoadResult dry = curation.load(List.of(text("dry.csv", "subject,subject_type,predicate,object,object_type,source\n"
                + "測試合併乙病,Disease,HAS_SYMPTOM,测试合并共同症状,Symptom,dry\n", Optional.empty())), "test", true,
                ProgressListener.NONE);
        assertThat(dry.resolutions()).anySatisfy(r -> {
            assertThat(r.written()).isEqualTo("測試合併乙病");
            assertThat(r.entityId()).isEqualTo(a);
            assertThat(r.how()).isEqualTo(Resolution.How.ALIAS);
        });
        assertThat(curation.batch(m.batchId()).kind()).isEqualTo("merge");
        assertThat(curation.batch(m.batchId()).label()).isEqualTo("merge 测试合并乙病 (" + b + ") into 测试合并甲病 (" + a + ")");
        assertThat(curation.batch(m.batchId()).curator()).isEqualTo("merge-tester");

        // the batches the merge rests on cannot be undone under it
        for (String pinned : List.of(support.batchId(), load.batchId())) {
            assertThatThrownBy(() -> curation.undo(pinned)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(m.batchId()).hasMessageContaining("undo the merge first");
        }

        curation.undo(m.batchId());
        assertThat(GraphState.of(kg.store(), ids)).isEqualTo(before);
        assertThat(graph.stats()).isEqualTo(loaded);
        assertThat(kg.entityIndex().search("测试合并乙病", Optional.empty(), 3).getFirst().entity().id()).isEqualTo(b);
        assertThat(kg.passageIndex().get("p-merge-test-1").orElseThrow().entityIds()).containsExactly(b);
        assertThatThrownBy(() -> curation.undo(m.batchId())).isInstanceOf(NotFoundException.class);

        curation.undo(support.batchId());
        curation.undo(load.batchId());
        assertThat(graph.stats()).isEqualTo(baseline);
    }

    @Test
    void aPathThatOnlyTheMergeMakesComesAndGoesWithIt() {
        GraphStats baseline = graph.stats();
        LoadResult load = commit(text("path.csv", """
                subject,subject_type,predicate,object,object_type,source
                测试路径甲病,Disease,HAS_SYMPTOM,测试路径症状,Symptom,path test
                测试路径乙病,Disease,TREATED_BY,测试路径药,Drug,path test
                测试路径丙病,Disease,REHABILITATED_BY,测试路径康复,RehabMethod,path test
                """, Optional.empty()));
        String a = id("测试路径甲病");
        String b = id("测试路径乙病");
        String c = id("测试路径丙病");
        String symptom = id("测试路径症状");
        String drug = id("测试路径药");
        assertThat(graph.paths(symptom, drug, 5, 10, Set.of())).isEmpty();

        MergeResult first = curation.merge(a, b, "test");
        List<org.strokekg.graph.GraphPath> paths = graph.paths(symptom, drug, 5, 10, Set.of());
        assertThat(paths).singleElement().satisfies(p -> assertThat(p.nodes()).extracting(Entity::id)
                .containsExactly(symptom, a, drug));

        // a second merge into the same entity: merges on one entity are undone newest first
        MergeResult second = curation.merge(a, c, "test");
        assertThatThrownBy(() -> curation.undo(first.batchId())).isInstanceOf(ConflictException.class)
                .hasMessageContaining(second.batchId());
        curation.undo(second.batchId());
        curation.undo(first.batchId());
        assertThat(graph.paths(symptom, drug, 5, 10, Set.of())).isEmpty();
        assertThat(graph.entity(b)).isPresent();
        assertThat(graph.entity(c)).isPresent();
        curation.undo(load.batchId());
        assertThat(graph.stats()).isEqualTo(baseline);
    }

    @Test
    void refusesSelfMergesIncompatibleTypesAndMissingEntities() {
        GraphStats before = graph.stats();
        assertThatThrownBy(() -> curation.merge("stroke", "stroke", "test")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("itself");
        assertThatThrownBy(() -> curation.merge("stroke", "hypertension-drug-missing", "test"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> curation.merge("no-such-entity", "stroke", "test")).isInstanceOf(NotFoundException.class);
        String drug = graph.search("阿司匹林", Optional.of("Drug"), 1).getFirst().id();
        assertThatThrownBy(() -> curation.merge("stroke", drug, "test")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("type group");
        assertThat(graph.stats()).isEqualTo(before);
    }

    @Test
    void undoingAMergeWhoseEntityWasCreatedAgainIsRefused() {
        GraphStats baseline = graph.stats();
        LoadResult load = commit(text("again.csv", """
                subject,subject_type,predicate,object,object_type,source
                测试重建甲病,Disease,HAS_SYMPTOM,测试重建症状,Symptom,again test
                测试重建乙病,Disease,HAS_SYMPTOM,测试重建症状,Symptom,again test
                """, Optional.empty()));
        String a = id("测试重建甲病");
        String b = id("测试重建乙病");
        MergeResult m = curation.merge(a, b, "test");
        // a curator file names the old id again with another name: a new entity with B's id
        LoadResult again = commit(text("again-entities.tsv", "id\ttype\tname\taliases\tdescription\tsource\n"
                + b + "\tDisease\t测试重建丙病\t\t\tagain test\n", Optional.empty()));
        assertThatThrownBy(() -> curation.undo(m.batchId())).isInstanceOf(ConflictException.class)
                .hasMessageContaining(b).hasMessageContaining("exists again");
        curation.undo(again.batchId());
        curation.undo(m.batchId());
        assertThat(graph.entity(b).orElseThrow().name()).isEqualTo("测试重建乙病");
        curation.undo(load.batchId());
        assertThat(graph.stats()).isEqualTo(baseline);
    }
}
