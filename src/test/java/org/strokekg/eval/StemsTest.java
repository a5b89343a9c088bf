package org.strokekg.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.SharedData;

/** Exam stems are asked without their options, in every form the public sets write them. */
class StemsTest {

    @Test
    void optionLinesAfterTheStemAreStripped() {
        assertThat(Stems.withoutOptions("男，58岁，突然头疼呕吐。最可能的诊断是\nA. 脑梗死\nB. 蛛网膜下腔出血\nC. 高血压脑出血"
                + "\nD. 脑动静脉畸形出血\nE. 颅脑肿瘤")).isEqualTo("男，58岁，突然头疼呕吐。最可能的诊断是");
        assertThat(Stems.withoutOptions("Which is the next step?\nA. Carotid duplex\nB. CT scan of the head\nC. EEG\n"))
                .isEqualTo("Which is the next step?");
        assertThat(Stems.withoutOptions("中風風痰入絡證的主方為\nA. 天麻鉤藤飲\nB. 鎮肝熄風湯")).isEqualTo("中風風痰入絡證的主方為");
    }

    @Test
    void anExamInstructionAndAnOptionsHeaderGoToo() {
        String q = "您是一名医生，正在回答现实世界的医学考试问题。请从A到E中选择一个正确答案。\n问题: 西医诊断为脑出血。治疗首选方剂是\n"
                + "选项:\n(A). 天麻钩藤饮\n(B). 安宫牛黄丸合羚羊角汤\n(C). 涤痰汤加减送服苏合香丸";
        assertThat(Stems.withoutOptions(q)).isEqualTo("西医诊断为脑出血。治疗首选方剂是");
    }

    @Test
    void aQuestionWithoutAnOptionBlockIsLeftAsAsked() {
        assertThat(Stems.withoutOptions("  中风后手臂僵硬怎么办？ ")).isEqualTo("中风后手臂僵硬怎么办？");
        // one option-like line is not a block; options out of order are not one either
        assertThat(Stems.withoutOptions("分型如下\nA. 一型")).isEqualTo("分型如下\nA. 一型");
        assertThat(Stems.withoutOptions("问题\nB. x\nA. y")).isEqualTo("问题\nB. x\nA. y");
        // a stem line that looks like an option before the real block stays in the stem
        assertThat(Stems.withoutOptions("病例\nA. 病史如下\n诊断是\nA. 甲\nB. 乙")).isEqualTo("病例\nA. 病史如下\n诊断是");
    }

    @Test
    void anAskedItemCarriesItsCaseButNotAnAbstract() {
        QaItem exam = new QaItem("x", "s", "zh", "case_qa", "src", "诊断是\nA. 甲\nB. 乙", "", "正确答案：A. 甲",
                Map.of("A", "甲", "B", "乙"), "A", "");
        assertThat(exam.asked()).isEqualTo("诊断是");
        assertThat(exam.isMcq()).isTrue();
        assertThat(exam.correctOptions()).containsExactly("甲");
        QaItem multiple = new QaItem("m", "s", "zh", "open_qa", "src", "q", "", "r", Map.of("A", "甲", "B", "乙", "C", "丙"),
                "AC", "");
        assertThat(multiple.isMcq()).isTrue();
        assertThat(multiple.correctOptions()).containsExactly("甲", "丙");
        QaItem subQuestion = new QaItem("y", "s", "zh", "case_qa", "src", "简述该病人的诊断。", "病人，男，49岁。", "嵌顿疝",
                Map.of(), "", "");
        assertThat(subQuestion.asked()).isEqualTo("病人，男，49岁。\n\n简述该病人的诊断。");
        QaItem research = new QaItem("z", "s", "en", "open_qa", "src", "Is X useful?", "An abstract.", "yes",
                Map.of(), "", "");
        assertThat(research.asked()).isEqualTo("Is X useful?");
        assertThat(research.isMcq()).isFalse();
    }

    @Test
    void everyPublicExamItemIsAskedWithoutItsOptions() {
        var shared = SharedData.dir();
        org.junit.jupiter.api.Assumptions.assumeTrue(shared.isPresent(), "../shared/data is absent");
        List<QaItem> items = QaSets.read(QaSets.STROKE_DEV, shared.get());
        assertThat(items).hasSize(276);
        List<QaItem> mcq = items.stream().filter(QaItem::isMcq).toList();
        assertThat(mcq).hasSize(165);
        for (QaItem i : items) {
            String asked = i.asked();
            assertThat(asked).as(i.id()).isNotBlank().doesNotContain("\nA. ").doesNotContain("(A).");
            if (i.isMcq()) {
                // no option after the stem: the asked text does not end with any option
                i.options().values().forEach(o -> assertThat(asked).as(i.id()).doesNotEndWith(o.strip()));
            }
        }
        assertThat(items).extracting(QaItem::lang).containsOnly("en", "zh", "zh-Hant");
        List<QaItem> nonstroke = QaSets.read(QaSets.NONSTROKE, shared.get());
        assertThat(nonstroke).hasSize(2000);
        assertThat(nonstroke).allMatch(i -> i.asked().length() <= 2000);
        assertThat(Path.of(QaSets.LABELLED_FILE)).exists();
    }
}
