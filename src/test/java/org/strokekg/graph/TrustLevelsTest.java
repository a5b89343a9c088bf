package org.strokekg.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.TestGraph;

/** A graph written before trust levels existed gets them at start: batches by kind and file, then every fact. */
class TrustLevelsTest {

    static final String SETUP = """
            CREATE (:Batch {id: 'b-tl-seed', kind: 'seed', label: 'entities.tsv', curator: 'x', createdAt: datetime()})
            CREATE (:Batch {id: 'b-tl-crawl', kind: 'triples', label: 'medical_3.json', curator: 'x', createdAt: datetime()})
            CREATE (s:Entity:Disease {id: 'tl-a', type: 'Disease', name: '迁移甲', description: '甲的简介',
                                      batches: ['b-tl-seed', 'b-tl-crawl'], keys: ['迁移甲'], aliases: [], sources: []})
            CREATE (c:Entity:Symptom {id: 'tl-b', type: 'Symptom', name: '迁移乙', description: '乙的简介',
                                      batches: ['b-tl-crawl'], keys: ['迁移乙'], aliases: [], sources: []})
            CREATE (s)-[:HAS_SYMPTOM {id: 'r-tl-1', source: 'x', batch: 'b-tl-crawl', batches: ['b-tl-crawl']}]->(c)
            CREATE (s)-[:HAS_SYMPTOM {id: 'r-tl-2', source: 'y', batch: 'b-tl-seed', batches: ['b-tl-seed', 'b-tl-crawl']}]->(c)
            CREATE (:Passage {id: 'p-tl', text: 't', source: 's', batch: 'b-tl-crawl', batches: ['b-tl-crawl']})
            """;
    static final String READ = """
            MATCH (b1:Batch {id: 'b-tl-seed'}), (b2:Batch {id: 'b-tl-crawl'}), (a:Entity {id: 'tl-a'}),
                  (b:Entity {id: 'tl-b'}), (p:Passage {id: 'p-tl'}),
                  ()-[r1 {id: 'r-tl-1'}]->(), ()-[r2 {id: 'r-tl-2'}]->()
            RETURN b1.trust AS seed, b2.trust AS crawl, a.trust AS a, a.descriptionTrust AS aDesc, b.trust AS b,
                   b.descriptionTrust AS bDesc, r1.trust AS r1, r2.trust AS r2, p.trust AS p
            """;
    static final String CLEAN = """
            MATCH (n) WHERE n.id IN ['b-tl-seed', 'b-tl-crawl', 'tl-a', 'tl-b', 'p-tl'] DETACH DELETE n
            """;

    @Test
    void batchesGetALevelByKindAndFileAndEveryFactTheHighestOfItsBatches() {
        GraphStore store = TestGraph.store();
        store.write(tx -> tx.run(SETUP).consume());
        try {
            assertThat(new TrustLevels(store).migrate()).isEqualTo(2);
            Map<String, Object> r = store.read(tx -> tx.run(READ).single().asMap());
            assertThat(r).containsEntry("seed", "curated").containsEntry("crawl", "unreviewed")
                    .containsEntry("a", "curated").containsEntry("aDesc", "curated")
                    .containsEntry("b", "unreviewed").containsEntry("bDesc", "unreviewed")
                    .containsEntry("r1", "unreviewed").containsEntry("r2", "curated").containsEntry("p", "unreviewed");
            assertThat(new TrustLevels(store).migrate()).as("once").isZero();
        } finally {
            store.write(tx -> tx.run(CLEAN).consume());
        }
    }
}
