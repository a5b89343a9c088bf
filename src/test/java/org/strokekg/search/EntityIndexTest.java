package org.strokekg.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.search.EntityMention.How;

class EntityIndexTest {

    @TempDir
    Path dir;

    private EntityIndex index;

    @BeforeEach
    void open() {
        index = EntityIndex.open(dir.resolve("entities"), new StrokeAnalyzer());
        index.replaceAll(StrokeFixtures.ENTITIES);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static Mention m(String id, String surface, int start, int end, How how) {
        return new Mention(id, surface, start, end, how);
    }

    record Mention(String id, String surface, int start, int end, How how) {
        static Mention of(EntityMention e) {
            return new Mention(e.entityId(), e.surface(), e.start(), e.end(), e.how());
        }
    }

    private List<Mention> link(String question) {
        return index.link(question).stream().map(Mention::of).toList();
    }

    @Test
    void linksTraditionalQuestionThroughNameAndAlias() {
        assertThat(link("中風後手臂僵硬怎麼辦")).containsExactly(
                m("e:stroke", "中風", 0, 2, How.NAME),
                m("e:spasticity", "僵硬", 5, 7, How.ALIAS));
        assertThat(link("中风后手臂僵硬怎么办")).containsExactly(
                m("e:stroke", "中风", 0, 2, How.NAME),
                m("e:spasticity", "僵硬", 5, 7, How.ALIAS));
    }

    @Test
    void linksEnglishAliasesCaseInsensitivelyOnWordBoundaries() {
        assertThat(link("What is TIA")).containsExactly(m("e:tia", "TIA", 8, 11, How.ALIAS));
        assertThat(link("Does HYPERTENSION cause a Stroke?")).containsExactly(
                m("e:hypertension", "HYPERTENSION", 5, 17, How.ALIAS),
                m("e:stroke", "Stroke", 26, 32, How.ALIAS));
        assertThat(link("ｗｈａｔ ｉｓ ｔｉａ")).extracting(Mention::id).containsExactly("e:tia");
        assertThat(link("dictation of a CTA report")).isEmpty();
    }

    @Test
    void longestMatchWins() {
        assertThat(link("腔隙性脑梗死怎么治疗")).containsExactly(m("e:lacunar", "腔隙性脑梗死", 0, 6, How.NAME));
        assertThat(link("A型肉毒毒素能治痉挛吗")).containsExactly(
                m("e:botox", "A型肉毒毒素", 0, 6, How.NAME),
                m("e:spasticity", "痉挛", 8, 10, How.NAME));
        assertThat(link("脑梗死和高血压有什么关系")).containsExactly(
                m("e:infarct", "脑梗死", 0, 3, How.NAME),
                m("e:hypertension", "高血压", 4, 7, How.NAME));
    }

    @Test
    void aTwoCharacterAliasThatCutsIntoAWordIsNoMention() {
        // 颤病 is an alias of Parkinson's disease in the 39.net table; in 房颤病人 it spans 房颤|病人
        index.upsert(List.of(new EntityDoc("e:pd", "Disease", "帕金森病", List.of("颤病"), "")));
        assertThat(link("房颤病人要吃抗凝药吗")).isEmpty();
        assertThat(link("颤病是什么")).extracting(Mention::id).containsExactly("e:pd");
        assertThat(StrokeAnalyzerTest.tokens(index.analyzer(), "房颤病人")).extracting(StrokeAnalyzerTest.Tok::type)
                .doesNotContain(StrokeTokenizer.DICT);
    }

    @Test
    void fuzzyFallbackCatchesNearMisses() {
        List<EntityMention> latin = index.link("exercise after strokes");
        assertThat(latin).singleElement().satisfies(e -> {
            assertThat(e.entityId()).isEqualTo("e:stroke");
            assertThat(e.how()).isEqualTo(How.FUZZY);
            assertThat(e.surface()).isEqualTo("strokes");
            assertThat(e.score()).isLessThan(EntityLinker.FUZZY_WEIGHT + 1e-9);
        });
        assertThat(link("腔隙性脑梗的症状")).containsExactly(m("e:lacunar", "腔隙性脑梗", 0, 5, How.FUZZY));
        assertThat(link("transient ischaemic attack")).extracting(Mention::id, Mention::how)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("e:tia", How.FUZZY));
        // look-alikes that differ in meaning stay apart
        assertThat(link("脑出血")).extracting(Mention::id).containsExactly("e:ich");
        assertThat(link("肩周炎怎么办")).isEmpty();
    }

    @Test
    void upsertAndDeleteAreVisibleToLinkingAndTheAnalyzerAtOnce() {
        assertThat(link("经颅磁刺激有用吗")).isEmpty();
        index.upsert(List.of(new EntityDoc("e:tms", "RehabMethod", "经颅磁刺激", List.of("TMS", "經顱磁刺激"), "")));
        assertThat(link("經顱磁刺激有用吗")).containsExactly(m("e:tms", "經顱磁刺激", 0, 5, How.NAME));
        assertThat(StrokeAnalyzerTest.tokens(index.analyzer(), "经颅磁刺激")).extracting(StrokeAnalyzerTest.Tok::term)
                .containsExactly("经颅磁刺激");
        index.delete(List.of("e:tms"));
        assertThat(link("经颅磁刺激有用吗")).isEmpty();
        assertThat(index.get("e:tms")).isEmpty();
        assertThat(index.count()).isEqualTo(StrokeFixtures.ENTITIES.size());
    }

    @Test
    void upsertReplacesAnEntitysAliases() {
        index.upsert(List.of(new EntityDoc("e:spasticity", "Symptom", "痉挛", List.of("spasm"), "")));
        assertThat(link("手臂僵硬")).isEmpty();
        assertThat(link("muscle spasm")).extracting(Mention::id).containsExactly("e:spasticity");
        assertThat(index.get("e:spasticity")).hasValueSatisfying(d -> assertThat(d.aliases()).containsExactly("spasm"));
    }

    @Test
    void concurrentReadersSeeAConsistentIndexWhileBatchesCommit() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<java.util.concurrent.Future<Integer>> readers = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                readers.add(pool.submit(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        assertThat(link("中風後手臂僵硬怎麼辦")).extracting(Mention::id).contains("e:stroke", "e:spasticity");
                        assertThat(index.search("脑梗", Optional.empty(), 3)).isNotEmpty();
                        n++;
                    }
                    return n;
                }));
            }
            for (int b = 0; b < 10; b++) {
                index.upsert(List.of(new EntityDoc("e:new" + b, "Symptom", "新症状" + b, List.of("symptom " + b), "")));
            }
            index.delete(List.of("e:new0", "e:new1"));
            stop.set(true);
            for (var r : readers) {
                assertThat(r.get()).isPositive();
            }
            assertThat(index.count()).isEqualTo(StrokeFixtures.ENTITIES.size() + 8);
            assertThat(link("新症状9")).extracting(Mention::id).containsExactly("e:new9");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void survivesCloseAndReopen() {
        index.upsert(List.of(new EntityDoc("e:afib", "RiskFactor", "心房颤动", List.of("房颤", "atrial fibrillation"), "")));
        index.close();
        StrokeAnalyzer fresh = new StrokeAnalyzer();
        index = EntityIndex.open(dir.resolve("entities"), fresh);
        assertThat(index.count()).isEqualTo(StrokeFixtures.ENTITIES.size() + 1);
        assertThat(link("房颤会导致中风吗")).extracting(Mention::id).containsExactly("e:afib", "e:stroke");
        assertThat(fresh.lexicon().indexOf("心房颤动")).isNotNegative();
        assertThat(index.get("e:botox")).hasValueSatisfying(d -> {
            assertThat(d.name()).isEqualTo("A型肉毒毒素");
            assertThat(d.aliases()).containsExactly("肉毒毒素", "botulinum toxin", "botox");
            assertThat(d.description()).isEqualTo("局部注射治疗痉挛");
        });
    }

    @Test
    void searchRanksExactThenPrefixThenContainsThenFuzzy() {
        assertThat(index.search("中風", Optional.empty(), 5)).first().satisfies(h -> {
            assertThat(h.entity().id()).isEqualTo("e:stroke");
            assertThat(h.match()).isEqualTo(EntityHit.Match.EXACT);
        });
        List<EntityHit> prefix = index.search("脑梗", Optional.empty(), 10);
        assertThat(prefix).extracting(h -> h.entity().id()).startsWith("e:infarct");
        assertThat(prefix.get(0).match()).isEqualTo(EntityHit.Match.PREFIX);
        List<EntityHit> contains = index.search("梗死", Optional.empty(), 10);
        assertThat(contains).extracting(h -> h.entity().id()).containsExactly("e:infarct", "e:lacunar");
        assertThat(contains).extracting(EntityHit::match).containsOnly(EntityHit.Match.CONTAINS);
        List<EntityHit> fuzzy = index.search("hypertensoin", Optional.empty(), 5);
        assertThat(fuzzy).first().satisfies(h -> {
            assertThat(h.entity().id()).isEqualTo("e:hypertension");
            assertThat(h.match()).isEqualTo(EntityHit.Match.FUZZY);
        });
        List<EntityHit> mixed = index.search("卒中", Optional.empty(), 10);
        assertThat(mixed.get(0).match()).isEqualTo(EntityHit.Match.EXACT);
        for (int i = 1; i < mixed.size(); i++) {
            assertThat(mixed.get(i).score()).isLessThanOrEqualTo(mixed.get(i - 1).score());
        }
        assertThat(index.search("卒中", Optional.of("Drug"), 10)).isEmpty();
        assertThat(index.search("CT", Optional.of("Examination"), 3)).extracting(h -> h.entity().id()).containsExactly("e:ct");
        assertThat(index.search("  ", Optional.empty(), 3)).isEmpty();
    }
}
