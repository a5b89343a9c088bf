package org.strokekg.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.StrokeKg;
import org.strokekg.rag.Answer;
import org.strokekg.trust.Trust;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageHit;
import org.strokekg.testing.TestApp;

/** The metrics on small inputs, with the seed's real entity index. */
class MetricsTest {

    static StrokeKg kg;
    static KeyTerms terms;

    @BeforeAll
    static void app() {
        kg = TestApp.app();
        terms = new KeyTerms(kg.entityIndex());
    }

    @Test
    void keyEntitiesAreNamedInEitherScriptButNotInsideOtherWords() {
        Set<String> ids = terms.keyEntities("脑梗死患者可用阿司匹林");
        assertThat(ids).hasSize(2);
        String infarct = ids.iterator().next();
        assertThat(terms.named(infarct, KeyTerms.fold("腦梗死的治療"))).isTrue();
        assertThat(terms.named(infarct, KeyTerms.fold("腦梗塞的治療"))).as("an alias").isTrue();
        assertThat(terms.recall(ids, KeyTerms.fold("Aspirin 100 mg"))).isEqualTo(0.5);
        assertThat(terms.recall(Set.of(), "任何")).isZero();
        assertThat(KeyTerms.occurs("aspirinate", "aspirin")).as("Latin on word boundaries").isFalse();
        assertThat(KeyTerms.occurs("take aspirin.", "aspirin")).isTrue();
        assertThat(KeyTerms.occurs("中风", "风")).as("one Han character never").isFalse();
    }

    @Test
    void evidenceIsCountedOnItsTextNotOnIdsOrSources() {
        // 偏瘫 appears only as a citation's source and a passage's id: a reader does not see it
        Answer a = new Answer("脑卒中可出现口角歪斜[1]。", Optional.empty(),
                List.of(new Answer.Citation(1, "graph", "r-偏瘫", "偏瘫康复指南", "脑卒中可出现口角歪斜", Trust.CURATED)), List.of(),
                List.of(), List.of(new Answer.PassageEvidence("p-偏瘫", "早期活动", "病情稳定后尽早下床。", "偏瘫指南",
                        List.of("hemiplegia"), 1.0, Trust.CURATED)), Optional.empty(), "zh-Hans", new Answer.Timings(0, 0, 0, 0, 0),
                "strokekg-evidence", Trust.REVIEWED);
        String text = EvidenceText.of(a);
        assertThat(text).contains("脑卒中可出现口角歪斜", "早期活动", "病情稳定后尽早下床").doesNotContain("偏瘫");
        Set<String> hemiplegia = terms.keyEntities("偏瘫");
        assertThat(hemiplegia).hasSize(1);
        assertThat(terms.recall(hemiplegia, KeyTerms.fold(text))).isZero();
    }

    @Test
    void theBaselineReadsPassagesInRankOrderUpToTheBudget() {
        List<PassageHit> hits = List.of(hit("a", "标题一", "一二三四五六七八九十"), hit("b", "", "甲乙丙丁戊己庚辛"));
        assertThat(EvidenceText.within(hits, 8)).isEqualTo("标题一\n一二三四");
        String all = EvidenceText.within(hits, 1000);
        assertThat(all).isEqualTo("标题一\n一二三四五六七八九十\n甲乙丙丁戊己庚辛");
        assertThat(EvidenceText.within(hits, 16)).hasSize(16);
        assertThat(EvidenceText.reached(hits, 8)).isEqualTo(1);
        assertThat(EvidenceText.reached(hits, 20)).isEqualTo(2);
    }

    @Test
    void anExamOptionIsNamedByItsEntitiesOrElseItsWords() {
        Evaluation e = new Evaluation(kg.answers(), kg.entityIndex(), kg.passageIndex(), 5, 8, Optional.empty());
        String evidence = KeyTerms.fold("治疗可用阿司匹林；涤痰汤加减，送服苏合香丸。");
        String bare = evidence.replaceAll("[\\s\\p{P}\\p{S}]+", "");
        assertThat(e.optionNamed("阿司匹林", evidence, bare)).isTrue();
        assertThat(e.optionNamed("氯吡格雷", evidence, bare)).isFalse();
        assertThat(e.optionNamed("涤痰汤加减送服苏合香丸", evidence, bare)).as("no entity: its words").isTrue();
        assertThat(e.optionNamed("天麻钩藤饮", evidence, bare)).isFalse();
    }

    @Test
    void aReferenceAnswerFoundInAPassageIsALeak() {
        String reference = "癫痫是神经内科最常见的疾病之一，现有治疗主要借助长期口服抗癫痫药物，急性复发时可以静脉注射地西泮。";
        assertThat(Evaluation.leaked(reference, List.of("问：癫痫如何缓解？\n答：" + reference))).isTrue();
        assertThat(Evaluation.leaked(reference, List.of("癫痫的治疗以抗癫痫药物为主。"))).isFalse();
        // a curated passage sharing a reference's first sentence is not that reference
        String english = "Hypertension is the most important modifiable risk factor for stroke. It damages small brain "
                + "arteries and accelerates atherosclerosis, raising the risk of both ischemic and hemorrhagic stroke.";
        assertThat(Evaluation.leaked(english, List.of("Hypertension is the most important modifiable risk factor for "
                + "stroke. Long-standing high blood pressure accelerates atherosclerosis."))).isFalse();
        assertThat(Evaluation.leaked(english, List.of("Q: blood pressure and stroke? A: " + english))).isTrue();
        assertThat(Evaluation.leaked("正确答案：B. 蛛网膜下腔出血", List.of("正确答案：B. 蛛网膜下腔出血")))
                .as("an exam key is too short to tell").isFalse();
    }

    @Test
    void summaryMeansAreOverTheItemsThatCount() {
        var scored = item("a", "zh", 4, 2, 1.0, 0.5, Optional.of(new Evaluation.Mcq(true, false, false, false)), false,
                1.0);
        var noReference = item("b", "zh", 0, 0, 0, 0, Optional.empty(), true, 0);
        var english = item("c", "en", 2, 0, 0.5, 0.5, Optional.of(new Evaluation.Mcq(false, false, true, true)), false,
                0.5);
        List<Summary.Row> rows = Summary.rows(List.of(scored, noReference, english));
        Summary.Row all = rows.getFirst();
        assertThat(all.items()).isEqualTo(3);
        assertThat(all.scored()).isEqualTo(2);
        assertThat(all.recall()).isCloseTo(0.75, within(1e-9));
        assertThat(all.bm25Recall()).isCloseTo(0.5, within(1e-9));
        assertThat(all.ratio()).isCloseTo(1.5, within(1e-9));
        assertThat(all.newScored()).isEqualTo(1);
        assertThat(all.mcqItems()).isEqualTo(2);
        assertThat(all.mcqKeyNamed()).isEqualTo(0.5);
        assertThat(all.bm25McqKeyOnly()).isEqualTo(0.5);
        assertThat(all.abstained()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(all.citationCoverage()).as("over answers that do not abstain").isCloseTo(0.75, within(1e-9));
        assertThat(rows).extracting(r -> r.by() + " " + r.group())
                .containsExactly("all all", "lang en", "lang zh", "source src");
    }

    private static Evaluation.ItemScore item(String id, String lang, int ref, int fresh, double recall, double bm25,
                                             Optional<Evaluation.Mcq> mcq, boolean abstained, double coverage) {
        return new Evaluation.ItemScore(id, "s", lang, "src", ref, fresh, recall, bm25, recall, bm25, recall, 100, mcq,
                coverage, abstained, false, 10, List.of());
    }

    private static PassageHit hit(String id, String title, String text) {
        return new PassageHit(new PassageDoc(id, title, text, "src", List.of(), "", ""), 1.0, OptionalInt.of(1),
                OptionalInt.empty(), false);
    }

}
