package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.strokekg.testing.TestAnswers.ask;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.Relation;

/**
 * Evidence selected for the frame and composed for its aspect, on the seeded graph and passages (evidence mode):
 * causes in their direction, symptoms that are symptoms, cautions instead of recommendations for the patient the
 * question describes, the honest "nothing on this aspect", a side-by-side comparison, steps for what to do now,
 * sub-questions of one case answered differently, quotes that keep their subject, English without Chinese.
 */
class AnswerStagesTest {

    static List<Relation> relations(Answer a) {
        return a.graphPaths().stream().flatMap(p -> p.relationships().stream()).toList();
    }

    static Entity node(GraphPath p, String id) {
        return p.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void whatCausesXIsAnsweredByWhatEndsAtX() {
        Answer a = ask("脑出血的原因是什么");
        assertThat(a.frame().aspect()).isEqualTo(Frame.Aspect.CAUSE);
        assertThat(relations(a)).isNotEmpty().allSatisfy(r -> assertThat(r.endId()).as(r.toString())
                .isEqualTo("intracerebral-hemorrhage"));
        assertThat(a.answer()).contains("高血压").doesNotContain("脑出血可导致");
    }

    @Test
    void whatXCausesIsAnsweredByWhatStartsAtX() {
        Answer a = ask("高血压会引起什么后果");
        assertThat(a.frame().direction()).isEqualTo(Frame.Direction.FROM_FOCUS);
        assertThat(relations(a)).isNotEmpty().allSatisfy(r -> assertThat(r.startId()).isEqualTo("hypertension"));
        assertThat(a.answer()).doesNotContain("是高血压的危险因素");
    }

    @Test
    void symptomsAreSymptomsOfTheFocus() {
        Answer a = ask("脑出血有哪些症状");
        for (GraphPath p : a.graphPaths()) {
            for (Relation r : p.relationships()) {
                if (r.type().equals("HAS_SYMPTOM")) {
                    assertThat(r.startId()).isEqualTo("intracerebral-hemorrhage");
                    assertThat(node(p, r.endId()).type()).isIn("Symptom", "Complication");
                }
            }
        }
        assertThat(a.answer()).contains("脑出血可出现");
        // the other aspects of 脑出血 are not poured in
        assertThat(a.answer()).doesNotContain("可采用").doesNotContain("危险因素");
    }

    @Test
    void anAntiplateletForALowPlateletCountIsACautionNotARecommendation() {
        Answer a = ask("脑梗死病人血小板只有30，能用阿司匹林吗");
        assertThat(a.frame().patient().cautions()).contains(Frame.Caution.LOW_PLATELETS);
        assertThat(a.answer()).contains("注意").contains("出血风险");
        // aspirin is named only inside the caution
        for (String sentence : a.answer().split("(?<=。)")) {
            if (sentence.contains("阿司匹林") && !sentence.startsWith("注意")) {
                assertThat(sentence).doesNotContainPattern("可采用[^。]*阿司匹林");
            }
        }
    }

    @Test
    void adultFiguresAndTreatmentsAreNotGivenForAnInfant() {
        Answer a = ask("我孩子3个月大，医生说是脑梗，怎么治疗");
        assertThat(a.frame().patient().ageGroup()).isEqualTo(Frame.AgeGroup.INFANT);
        assertThat(a.answer()).doesNotContainIgnoringCase("mmHg").doesNotContain("mg/kg");
        assertThat(a.answer()).contains("儿科");
        assertThat(a.answer()).doesNotContain("大动脉粥样硬化型");
    }

    @Test
    void whenTheGraphKnowsTheFocusButNotTheAspectItSaysSo() {
        assertThat(Wording.knownButNot("脑卒中[1]", "脑卒中", "预后", false))
                .isEqualTo("知识库中有脑卒中[1]，但没有关于脑卒中的预后的资料。");
        Answer a = ask("吃华法林要注意什么");
        assertThat(a.frame().focus()).hasValueSatisfying(f -> assertThat(f.id()).isEqualTo("warfarin"));
        // a drug's precautions: what it must not be combined with, what it can cause; never its general overview
        assertThat(a.answer()).doesNotContain("的康复可采用");
    }

    @Test
    void aComparisonIsSideBySide() {
        Answer a = ask("截瘫和偏瘫有什么不同？");
        String[] paragraphs = a.answer().split("\n\n");
        assertThat(paragraphs.length).isGreaterThanOrEqualTo(2);
        assertThat(paragraphs[0]).matches("^(截瘫|偏瘫)：.*");
        assertThat(paragraphs[1]).matches("^(截瘫|偏瘫)：.*");
        assertThat(paragraphs[0].charAt(0)).isNotEqualTo(paragraphs[1].charAt(0));
    }

    @Test
    void whatToDoNowComesAsSteps() {
        Answer a = ask("我爸突然叫不醒了，还在吐，我该怎么做？");
        assertThat(a.emergency()).hasValueSatisfying(e -> assertThat(e.level()).isEqualTo("URGENT"));
        assertThat(a.frame().aspect()).isEqualTo(Frame.Aspect.WHAT_TO_DO_NOW);
        assertThat(a.answer()).contains("1）").contains("120");
    }

    @Test
    void subQuestionsOfOneCaseGetDifferentAnswers() {
        String caseText = "男，65岁，因脑出血住院治疗，病情稳定，但出现吞咽困难，给予留置胃管。";
        Answer diet = ask(caseText + "1．该患者饮食应注意什么");
        Answer tests = ask(caseText + "2．应做哪些检查");
        assertThat(diet.frame().aspect()).isNotEqualTo(tests.frame().aspect());
        assertThat(diet.answer()).isNotEqualTo(tests.answer());
        assertThat(diet.emergency()).isEmpty();
        assertThat(tests.emergency()).isEmpty();
    }

    @Test
    void quotedSentencesKeepTheirSubject() {
        Pattern orphan = Pattern.compile("(^|[。\n])(这很可能是|这可能是|其中|典型表现为|无论是哪种)");
        for (String q : List.of("短暂性脑缺血发作是什么", "脑干梗死有什么表现", "小中风需要看医生吗", "头晕是中风吗")) {
            assertThat(ask(q).answer()).as(q).doesNotContainPattern(orphan);
        }
    }

    @Test
    void aPassageCitationCarriesTheSentencesItRestsOn() {
        Answer a = ask("中风后手臂僵硬怎么办");
        List<Answer.Citation> passages = a.citations().stream().filter(c -> c.kind().equals("passage")).toList();
        assertThat(passages).isNotEmpty();
        for (Answer.Citation c : passages) {
            Answer.PassageEvidence p = a.passages().stream().filter(x -> x.id().equals(c.id())).findFirst().orElseThrow();
            assertThat(c.text()).isNotEqualTo(p.title());
            for (String sentence : c.text().split("(?<=[。！？])")) {
                assertThat(p.text()).contains(sentence.strip());
            }
        }
    }

    @Test
    void englishAnswersAreEnglish() {
        Pattern han = Pattern.compile("\\p{IsHan}");
        for (String q : Set.of("How is spasticity after stroke treated?", "What is stroke?",
                "Should a patient with a TIA take dual antiplatelet therapy?", "What are the symptoms of a TIA?")) {
            Answer a = ask(q);
            assertThat(a.frame().language()).isEqualTo("en");
            assertThat(a.answer()).as(q).doesNotContainPattern(han);
        }
    }

    @Test
    void theEmergencyNoticeOnlyWhereItFits() {
        assertThat(ask("我爸突然一侧手脚没力气，说话不清楚，怎么办").emergency())
                .hasValueSatisfying(e -> assertThat(e.level()).isEqualTo("URGENT"));
        assertThat(ask("中风的早期症状有哪些").emergency())
                .hasValueSatisfying(e -> assertThat(e.level()).isEqualTo("INFO"));
        for (String q : List.of(
                "患者因脑梗死住院第3天，今天突然说话不清，护士该怎么处理",
                "男，58岁，突然头疼呕吐，伴意识丧失30分钟。查体神志清楚，颈部抵抗，克氏征阳性。最可能的诊断是",
                "我爸7天前大便时突然晕倒，一侧手脚没力气，现在要做什么康复",
                "突然一侧肢体无力应该做什么检查",
                "脑出血的治疗原则是什么")) {
            assertThat(ask(q).emergency()).as(q).isEmpty();
        }
    }
}
