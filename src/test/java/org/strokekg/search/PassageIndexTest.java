package org.strokekg.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.search.PassageQuery.Mode;
import org.strokekg.trust.Trust;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PassageIndexTest {

    @TempDir
    static Path dir;

    private EntityIndex entities;
    private PassageIndex passages;

    @BeforeAll
    void open() {
        entities = EntityIndex.open(dir.resolve("entities"), new StrokeAnalyzer());
        entities.replaceAll(StrokeFixtures.ENTITIES);
        passages = PassageIndex.open(dir.resolve("passages"), entities.analyzer(), TestModels.bge());
        passages.replaceAll(PassageFixtures.PASSAGES);
    }

    @AfterAll
    void close() {
        passages.close();
        entities.close();
    }

    @Test
    void wordsInMostPassagesOfALargeIndexAreLeftOutOfTheBm25Query(@TempDir Path own) {
        List<PassageDoc> many = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // 休息 in every passage, 头晕 in one
            many.add(new PassageDoc("p-" + i, "第" + i + "篇", (i == 7 ? "头晕时" : "饭后") + "需要休息", "test", List.of(),
                    "b-test", "test", Trust.CURATED));
        }
        try (PassageIndex index = PassageIndex.open(own, new StrokeAnalyzer(), TestModels.bge())) {
            index.replaceAll(many);
            String query = index.bm25Query("头晕需要休息吗").toString();
            assertThat(query).contains("text:头晕").doesNotContain("text:休息");
            // a question of common words only keeps them
            assertThat(index.bm25Query("需要休息").toString()).contains("text:休息");
            assertThat(index.search(new PassageQuery("头晕需要休息吗", Set.of(), 3, Mode.BM25)).getFirst().doc().id())
                    .isEqualTo("p-7");
        }
        // the fixture index has fewer than 100 passages: nothing is left out there
        assertThat(passages.bm25Query("偏瘫患者的康复").toString()).contains("text:偏瘫", "text:患者", "text:康复");
    }

    @Test
    void aLinkedEntitysOtherNamesFindThePassageThatUsesThem(@TempDir Path own) {
        // the question says 肩膀疼痛 (an alias), the passage only 偏瘫肩痛 and 肩痛: no word in common
        List<PassageDoc> docs = List.of(
                new PassageDoc("p-shoulder", "患肩的照护", "偏瘫肩痛很常见，要正确摆放患肩，避免牵拉。", "test", List.of(), "b-test", "test", Trust.CURATED),
                new PassageDoc("p-arm", "手臂僵硬", "中风后手臂僵硬应该怎么处理：每天坚持牵伸。", "test", List.of(), "b-test", "test", Trust.CURATED),
                new PassageDoc("p-early", "尽早康复", "中风后应该尽早开始康复训练。", "test", List.of(), "b-test", "test", Trust.CURATED));
        String question = "中风后肩膀疼痛应该怎么处理";
        EntityDoc shoulderPain = new EntityDoc("hemiplegic-shoulder-pain", "Complication", "偏瘫肩痛",
                List.of("肩膀疼痛", "肩痛", "偏癱肩痛", "hemiplegic shoulder pain"), "");
        List<List<String>> names = PassageQuery.namesOf(List.of(shoulderPain), question);
        // the alias the question used is already searched; the traditional alias folds onto the simplified name
        assertThat(names).containsExactly(List.of("偏瘫肩痛", "肩痛", "hemiplegic shoulder pain"));
        try (PassageIndex index = PassageIndex.open(own, new StrokeAnalyzer(), TestModels.bge())) {
            index.replaceAll(docs);
            Set<String> linked = Set.of(shoulderPain.id());
            assertThat(index.search(new PassageQuery(question, linked, 3, Mode.BM25)))
                    .extracting(h -> h.doc().id()).doesNotContain("p-shoulder");
            assertThat(index.search(new PassageQuery(question, linked, names, 3, Mode.BM25)))
                    .extracting(h -> h.doc().id()).contains("p-shoulder");
            // the names weigh less than the question's own words: a passage that matches those still leads
            assertThat(index.search(new PassageQuery(question, linked, names, 3, Mode.BM25)).getFirst().doc().id())
                    .isEqualTo("p-arm");
        }
    }

    @Test
    void anEnglishQuestionFindsTheEnglishPassageAndItsLanguageComesBack(@TempDir Path own) {
        List<PassageDoc> docs = new java.util.ArrayList<>(PassageFixtures.PASSAGES);
        docs.add(new PassageDoc("p:befast-en", "Recognising a stroke early", "The BE-FAST mnemonic helps to recognise a "
                + "stroke: loss of balance, blurred vision, a drooping face, weakness of one arm, slurred speech; if any one "
                + "appears, call an ambulance at once.", PassageFixtures.BE_FAST, List.of("e:stroke"), "curated",
                "warning-signs", PassageDoc.EN, "p:befast"));
        docs.add(new PassageDoc("p:walking-en", "Walking training", "Walking training after hemiplegia progresses step by "
                + "step once balance improves; a cane, a walker or an ankle-foot orthosis is used where needed, to prevent "
                + "falls.", PassageFixtures.AHA_REHAB, List.of("e:hemiplegia"), "curated", "rehabilitation", PassageDoc.EN,
                "p:walking"));
        try (PassageIndex index = PassageIndex.open(own, entities.analyzer(), TestModels.bge())) {
            index.replaceAll(docs);
            // the question's words are inflected otherwise than the passage's (signs/falls, recognizing, walkers)
            for (Mode mode : List.of(Mode.BM25, Mode.HYBRID)) {
                List<PassageHit> hits = index.search(new PassageQuery("What are the signs of a stroke and when should "
                        + "I call an ambulance?", Set.of(), 3, mode));
                assertThat(hits.getFirst().doc().id()).as(mode.name()).isEqualTo("p:befast-en");
                assertThat(hits.getFirst().doc().lang()).isEqualTo("en");
                assertThat(hits.getFirst().doc().translationOf()).isEqualTo("p:befast");
                assertThat(index.search(new PassageQuery("Should he use walkers or canes to avoid falling?", Set.of(),
                        3, mode)).getFirst().doc().id()).as(mode.name()).isEqualTo("p:walking-en");
            }
            // a passage that names no language is Chinese
            assertThat(index.get("p:walking").orElseThrow().lang()).isEqualTo("zh");
            assertThat(index.get("p:walking").orElseThrow().translationOf()).isEmpty();
        }
    }

    @Test
    void aRepeatedSearchGivesTheSameHitsUntilTheIndexChanges(@TempDir Path own) {
        PassageDoc first = new PassageDoc("p-1", "吞咽障碍", "中风后吞咽困难要先做吞咽评估。", "test", List.of(), "b-1", "test", Trust.CURATED);
        PassageDoc better = new PassageDoc("p-2", "吞咽困难的训练", "吞咽困难：吞咽训练、调整食物性状，吞咽困难者进食要慢。",
                "test", List.of(), "b-2", "test", Trust.CURATED);
        PassageQuery q = new PassageQuery("吞咽困难怎么训练", Set.of(), 2, Mode.HYBRID);
        try (PassageIndex index = PassageIndex.open(own, new StrokeAnalyzer(), TestModels.bge())) {
            index.add(List.of(first));
            List<PassageHit> before = index.search(q);
            assertThat(before).extracting(h -> h.doc().id()).containsExactly("p-1");
            // served from the reader's cache: the very same hits, not searched again
            assertThat(index.search(q)).isSameAs(before);
            // a batch added after the first search is found by the same search
            index.add(List.of(better));
            assertThat(index.search(q)).extracting(h -> h.doc().id()).containsExactlyInAnyOrder("p-1", "p-2");
            // and an undone batch is gone from it
            index.deleteByBatch("b-2");
            assertThat(index.search(q)).extracting(h -> h.doc().id()).containsExactly("p-1");
        }
    }

    @Test
    void theResultCacheHoldsAtMostItsHitsAndDropsTheLeastRecentlyUsedSearch() {
        PassageDoc doc = PassageFixtures.PASSAGES.getFirst();
        List<PassageHit> two = List.of(new PassageHit(doc, 1, java.util.OptionalInt.of(1), java.util.OptionalInt.empty(),
                false), new PassageHit(doc, 0.5, java.util.OptionalInt.of(2), java.util.OptionalInt.empty(), false));
        Lru<PassageQuery, List<PassageHit>> cache = PassageIndex.resultCache(5);
        PassageQuery a = PassageQuery.hybrid("a", Set.of(), 2), b = PassageQuery.hybrid("b", Set.of(), 2);
        PassageQuery c = PassageQuery.hybrid("c", Set.of(), 2), none = PassageQuery.hybrid("没有", Set.of(), 2);
        cache.put(a, two);
        cache.put(b, two);
        assertThat(cache.get(a)).containsSame(two);     // a is now more recent than b
        cache.put(c, two);                              // 6 hits > 5: b goes
        assertThat(cache.get(b)).isEmpty();
        assertThat(cache.get(a)).containsSame(two);
        assertThat(cache.get(c)).containsSame(two);
        assertThat(cache.weight()).isEqualTo(4);
        // a search with no hits still counts as one, so misses cannot fill memory
        cache.put(none, List.of());
        assertThat(cache.weight()).isEqualTo(5);
        assertThat(cache.size()).isEqualTo(3);
        // a result larger than the whole cache is not kept
        Lru<PassageQuery, List<PassageHit>> small = PassageIndex.resultCache(1);
        small.put(a, two);
        assertThat(small.get(a)).isEmpty();
        assertThat(small.size()).isZero();
    }

    @Test
    void linkedSearchesReadTheNamesTheEntityIndexHoldsNow(@TempDir Path own) {
        try (EntityIndex names = EntityIndex.open(own.resolve("e"), new StrokeAnalyzer())) {
            EntityDoc pain = new EntityDoc("hemiplegic-shoulder-pain", "Complication", "偏瘫肩痛",
                    List.of("肩膀疼痛", "偏癱肩痛"), "");
            names.replaceAll(List.of(pain));
            PassageQuery q = PassageQuery.linked("肩膀疼痛怎么办", List.of(pain.id(), "gone"), names, 3, Mode.BM25);
            assertThat(q.linkedNames()).containsExactly(List.of("偏瘫肩痛"));
            assertThat(q.linkedNames()).isEqualTo(PassageQuery.namesOf(List.of(pain), "肩膀疼痛怎么办"));
            assertThat(q.linkedEntityIds()).containsExactlyInAnyOrder(pain.id(), "gone");
            // a curator's new alias is searched by the next question
            names.upsert(List.of(new EntityDoc(pain.id(), "Complication", "偏瘫肩痛", List.of("肩膀疼痛", "肩手综合征"), "")));
            assertThat(PassageQuery.linked("肩膀疼痛怎么办", List.of(pain.id()), names, 3, Mode.BM25).linkedNames())
                    .containsExactly(List.of("偏瘫肩痛", "肩手综合征"));
        }
    }

    @Test
    void atMostEightNamesOfAnEntityAreSearched() {
        List<String> aliases = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "别名" + i).toList();
        EntityDoc many = new EntityDoc("e", "Disease", "某病", aliases, "");
        assertThat(PassageQuery.namesOf(List.of(many), "问题").getFirst()).hasSize(PassageQuery.MAX_NAMES)
                .startsWith("某病");
        // an entity whose every name is in the question adds nothing
        assertThat(PassageQuery.namesOf(List.of(new EntityDoc("x", "Disease", "偏瘫", List.of(), "")), "偏瘫怎么办"))
                .isEmpty();
    }

    private int rank(String question, String passageId, Mode mode) {
        List<PassageHit> hits = passages.search(new PassageQuery(question, Set.of(), 10, mode));
        for (int i = 0; i < hits.size(); i++) {
            if (hits.get(i).doc().id().equals(passageId)) {
                return i + 1;
            }
        }
        return Integer.MAX_VALUE;
    }

    private long hitsAt(int k, Mode mode) {
        return PassageFixtures.PARAPHRASES.stream().filter(l -> rank(l.question(), l.passageId(), mode) <= k).count();
    }

    @Test
    void hybridBeatsBm25OnParaphrases() {
        StringBuilder report = new StringBuilder("rank of the needed passage (BM25 / DENSE / HYBRID):\n");
        for (PassageFixtures.Labelled l : PassageFixtures.PARAPHRASES) {
            report.append(String.format("  %-24s %-14s %s / %s / %s%n", l.question(), l.passageId(),
                    show(rank(l.question(), l.passageId(), Mode.BM25)), show(rank(l.question(), l.passageId(), Mode.DENSE)),
                    show(rank(l.question(), l.passageId(), Mode.HYBRID))));
        }
        long bm25 = hitsAt(3, Mode.BM25);
        long hybrid = hitsAt(3, Mode.HYBRID);
        report.append(String.format("hit@3: BM25 %d, HYBRID %d of %d%n", bm25, hybrid, PassageFixtures.PARAPHRASES.size()));
        System.out.print(report);
        assertThat(hybrid).as(report.toString()).isGreaterThan(bm25);
        assertThat(hybrid).as(report.toString()).isGreaterThanOrEqualTo(PassageFixtures.PARAPHRASES.size() * 2 / 3);
    }

    private static String show(int rank) {
        return rank == Integer.MAX_VALUE ? "-" : Integer.toString(rank);
    }

    @Test
    void modesReportWhichRetrieverFoundEachHit() {
        List<PassageHit> bm25 = passages.search(new PassageQuery("肉毒毒素注射", Set.of(), 5, Mode.BM25));
        assertThat(bm25).isNotEmpty().allSatisfy(h -> {
            assertThat(h.bm25Rank()).isPresent();
            assertThat(h.denseRank()).isEmpty();
        });
        assertThat(bm25.get(0).doc().id()).isEqualTo("p:botox");
        List<PassageHit> dense = passages.search(new PassageQuery("肉毒毒素注射", Set.of(), 5, Mode.DENSE));
        assertThat(dense).hasSize(5).allSatisfy(h -> assertThat(h.bm25Rank()).isEmpty());
        List<PassageHit> hybrid = passages.search(PassageQuery.hybrid("肉毒毒素注射", Set.of(), 3));
        assertThat(hybrid.get(0).doc().id()).isEqualTo("p:botox");
        assertThat(hybrid.get(0).bm25Rank()).hasValue(1);
        assertThat(hybrid.get(0).denseRank()).isPresent();
        assertThat(hybrid.get(0).score()).isGreaterThan(hybrid.get(1).score());
    }

    @Test
    void traditionalQuestionFindsTheSamePassages() {
        List<String> simplified = ids(passages.search(PassageQuery.hybrid("中风后吞咽障碍怎么办", Set.of(), 3)));
        List<String> traditional = ids(passages.search(PassageQuery.hybrid("中風後吞嚥障礙怎麼辦", Set.of(), 3)));
        assertThat(traditional).isEqualTo(simplified).startsWith("p:dysphagia");
    }

    @Test
    void linkedEntitiesBoostTheirPassages() {
        String question = "中风后手臂僵硬怎么办";
        Set<String> linked = entities.link(question).stream().map(EntityMention::entityId).collect(Collectors.toSet());
        assertThat(linked).containsExactlyInAnyOrder("e:stroke", "e:spasticity");
        List<PassageHit> plain = passages.search(PassageQuery.hybrid(question, Set.of(), 5));
        List<PassageHit> boosted = passages.search(PassageQuery.hybrid(question, linked, 5));
        assertThat(plain).noneMatch(PassageHit::boosted);
        assertThat(boosted.get(0).doc().id()).isEqualTo("p:botox");
        assertThat(boosted.get(0).boosted()).isTrue();
        // 痉挛 is named by one passage of 14: the full boost
        PassageHit before = plain.stream().filter(h -> h.doc().id().equals("p:botox")).findFirst().orElseThrow();
        assertThat(boosted.get(0).score()).isCloseTo(before.score() + RankFusion.GRAPH_BOOST,
                org.assertj.core.api.Assertions.within(1e-9));
        // 中风 by three: a smaller one
        PassageHit generic = boosted.stream().filter(h -> h.doc().id().equals("p:befast")).findFirst().orElseThrow();
        PassageHit genericBefore = plain.stream().filter(h -> h.doc().id().equals("p:befast")).findFirst().orElseThrow();
        assertThat(generic.boosted()).isTrue();
        assertThat(generic.score() - genericBefore.score()).isCloseTo(RankFusion.GRAPH_BOOST * RankFusion.specificity(3, 14),
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void batchesAreAddedAndUndone() {
        int before = passages.count();
        passages.add(List.of(
                new PassageDoc("b42:1", "镜像疗法", "镜像疗法利用镜子中健侧肢体的影像，帮助偏瘫侧上肢运动功能恢复。", AHA_REHAB_CURATOR,
                        List.of("e:hemiplegia"), "b-42", "rehabilitation", Trust.REVIEWED),
                new PassageDoc("b42:2", "", "强制性运动疗法限制健侧上肢，迫使患者使用患侧上肢。", AHA_REHAB_CURATOR,
                        List.of(), "b-42", "rehabilitation", Trust.REVIEWED)));
        assertThat(passages.count()).isEqualTo(before + 2);
        assertThat(ids(passages.search(PassageQuery.hybrid("镜像疗法怎么做", Set.of(), 3)))).first().isEqualTo("b42:1");
        assertThat(passages.get("b42:2")).hasValueSatisfying(p -> assertThat(p.batchId()).isEqualTo("b-42"));
        assertThat(passages.deleteByBatch("b-42")).isEqualTo(2);
        assertThat(passages.count()).isEqualTo(before);
        assertThat(ids(passages.search(PassageQuery.hybrid("镜像疗法怎么做", Set.of(), 10)))).doesNotContain("b42:1", "b42:2");
        assertThat(passages.deleteByBatch("b-42")).isZero();
    }

    private static final String AHA_REHAB_CURATOR = PassageFixtures.AHA_REHAB;

    @Test
    void termsLearnedAfterIndexingStillMatchOldPassages(@TempDir Path other) {
        StrokeAnalyzer analyzer = new StrokeAnalyzer();
        try (EntityIndex ents = EntityIndex.open(other.resolve("e"), analyzer);
             PassageIndex ps = PassageIndex.open(other.resolve("p"), analyzer, TestModels.bge())) {
            ps.add(List.of(new PassageDoc("old", "", "预防中风要控制血压", "test", List.of(), "", "", Trust.CURATED)));
            ents.upsert(List.of(new EntityDoc("e:stroke", "Disease", "中风", List.of(), "")));
            assertThat(ps.search(new PassageQuery("中风", Set.of(), 3, Mode.BM25))).extracting(h -> h.doc().id())
                    .containsExactly("old");
        }
    }

    @Test
    void survivesCloseAndReopen(@TempDir Path other) {
        StrokeAnalyzer analyzer = StrokeAnalyzer.withTerms(List.of("偏瘫"));
        try (PassageIndex ps = PassageIndex.open(other, analyzer, TestModels.bge())) {
            ps.add(PassageFixtures.PASSAGES.subList(0, 4));
            ps.delete(List.of("p:befast"));
        }
        try (PassageIndex ps = PassageIndex.open(other, analyzer, TestModels.bge())) {
            assertThat(ps.count()).isEqualTo(3);
            assertThat(ids(ps.search(PassageQuery.hybrid("溶栓", Set.of(), 1)))).containsExactly("p:lysis");
            assertThat(ids(ps.search(new PassageQuery("打针治疗肌肉发紧", Set.of(), 1, Mode.DENSE)))).containsExactly("p:botox");
        }
    }

    @Test
    void contentRetrieverCarriesIdSourceAndTitle() {
        PassageRetriever retriever = new PassageRetriever(new Retrieval(entities, passages), 2, Mode.HYBRID);
        var contents = retriever.retrieve(dev.langchain4j.rag.query.Query.from("中風後手臂僵硬怎麼辦"));
        assertThat(contents).hasSize(2);
        var first = contents.get(0);
        assertThat(first.textSegment().metadata().getString("id")).isEqualTo("p:botox");
        assertThat(first.textSegment().metadata().getString("source")).isEqualTo(PassageFixtures.AHA_REHAB);
        assertThat(first.textSegment().metadata().getString("title")).isEqualTo("上肢痉挛的处理");
        assertThat(first.metadata()).containsKey(dev.langchain4j.rag.content.ContentMetadata.SCORE);
    }

    private static List<String> ids(List<PassageHit> hits) {
        return hits.stream().map(h -> h.doc().id()).toList();
    }
}
