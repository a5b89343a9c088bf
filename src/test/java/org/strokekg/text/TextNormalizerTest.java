package org.strokekg.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import com.github.houbb.opencc4j.util.ZhHkConverterUtil;
import com.github.houbb.opencc4j.util.ZhTwConverterUtil;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormalizerTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            中風後手臂僵硬怎麼辦      | 中风后手臂僵硬怎么办
            腦梗塞                    | 脑梗塞
            腦梗死                    | 脑梗死
            偏癱                      | 偏瘫
            康復訓練                  | 康复训练
            吞嚥困難                  | 吞咽困难
            復健                      | 复健
            乾燥                      | 干燥
            頭髮                      | 头发
            麻痺                      | 麻痹
            裡面                      | 里面
            著急                      | 着急
            麵條                      | 面条
            一目瞭然                  | 一目了然
            上鍊                      | 上链
            ＴＩＡ                    | tia
            ＮＩＨＳＳ評分            | nihss评分
            What is TIA               | what is tia
            rt-PA                     | rt-pa
            阿司匹林１００ｍｇ        | 阿司匹林100mg
            '  中风 \t\n  康复  '     | 中风 康复
            '中\u200B风'              | 中风
            '\uFEFF脑卒中'            | 脑卒中
            偏瘫　三年                | 偏瘫 三年
            ㎎                        | mg
            Ménière                   | ménière
            İ                         | i
            """)
    void foldsForMatching(String in, String expected) {
        String unescaped = in.translateEscapes();
        assertThat(TextNormalizer.forMatching(unescaped)).isEqualTo(expected);
    }

    @Test
    void decomposedAccentsFoldLikePrecomposedOnes() {
        assertThat(TextNormalizer.forMatching("Me\u0301nie\u0300re")).isEqualTo(TextNormalizer.forMatching("Ménière"));
        assertThat(TextNormalizer.forMatching("  e\u0301")).isEqualTo("é");
    }

    @Test
    void alreadyFoldedTextComesBackAsTheSameInstance() {
        String simplified = "脑梗死和高血压有什么关系";
        String ascii = "what is tia";
        assertThat(TextNormalizer.forMatching(simplified)).isSameAs(simplified);
        assertThat(TextNormalizer.forMatching(ascii)).isSameAs(ascii);
    }

    @Test
    void foldingIsIdempotentForEveryBmpCharAndPhrase() {
        for (int c = 0; c < 65536; c++) {
            if (Character.isSurrogate((char) c)) {
                continue;
            }
            String once = TextNormalizer.forMatching("a" + (char) c + "b");
            assertThat(TextNormalizer.forMatching(once)).as("U+%04X", c).isEqualTo(once);
        }
        for (String phrase : List.of("一目瞭然", "乾坤", "乾隆", "上鍊", "不瞭解", "么麼", "瀋陽", "沈阳", "𠉂㑮")) {
            String once = TextNormalizer.forMatching(phrase);
            assertThat(TextNormalizer.forMatching(once)).as(phrase).isEqualTo(once);
        }
    }

    @Test
    void bothScriptsOfMedicalTermsFoldToOneForm() {
        List<String> terms = List.of("脑梗死", "脑梗塞", "缺血性脑卒中", "脑血栓形成", "中风", "脑卒中", "卒中", "偏瘫", "半身不遂",
                "短暂性脑缺血发作", "蛛网膜下腔出血", "吞咽困难", "失语症", "痉挛", "肩手综合征", "康复训练", "针灸", "言语障碍",
                "口角歪斜", "肢体麻木", "高血压", "糖尿病", "高脂血症", "心房颤动", "阿司匹林", "氯吡格雷", "阿替普酶", "肉毒毒素",
                "运动疗法", "作业疗法", "经颅磁刺激", "脑出血", "颈动脉狭窄", "深静脉血栓", "压疮", "肺部感染", "卒中后抑郁",
                "面瘫", "头晕", "眩晕", "复视", "视物模糊", "麻痹", "里急后重", "着凉", "发作", "复发", "检查", "头颅核磁共振",
                "血管造影", "面条", "干燥综合征", "理疗", "康复科", "神经内科", "尿失禁", "便秘", "肌张力增高", "关节挛缩");
        List<Function<String, String>> converters = List.of(ZhConverterUtil::toTraditional, ZhTwConverterUtil::toTraditional,
                ZhHkConverterUtil::toTraditional);
        for (String term : terms) {
            String folded = TextNormalizer.forMatching(term);
            for (Function<String, String> toTraditional : converters) {
                String traditional = toTraditional.apply(term);
                assertThat(TextNormalizer.forMatching(traditional)).as("%s / %s", term, traditional).isEqualTo(folded);
            }
        }
    }

    @Test
    void offsetsPointBackToTheOriginal() {
        String question = "  ＴＩＡ是什麼？ 中\u200B風  後";
        MatchingText m = TextNormalizer.forMatchingWithOffsets(question);
        assertThat(m.text()).isEqualTo(TextNormalizer.forMatching(question)).isEqualTo("tia是什么? 中风 后");
        int tia = m.text().indexOf("tia");
        assertThat(question.substring(m.originalStart(tia), m.originalEnd(tia + 3))).isEqualTo("ＴＩＡ");
        int stroke = m.text().indexOf("中风");
        assertThat(question.substring(m.originalStart(stroke), m.originalEnd(stroke + 2))).isEqualTo("中\u200B風");
        int after = m.text().indexOf("后");
        assertThat(question.substring(m.originalStart(after), m.originalEnd(after + 1))).isEqualTo("後");
        MatchingText expanded = TextNormalizer.forMatchingWithOffsets("5㎎片");
        assertThat(expanded.text()).isEqualTo("5mg片");
        assertThat(expanded.originalStart(1)).isEqualTo(1);
        assertThat(expanded.originalEnd(3)).isEqualTo(2);
    }

    @Test
    void displayFormKeepsScriptAndDropsControls() {
        assertThat(TextNormalizer.forDisplay("  中風後\u0007手臂\u202E僵硬\n怎麼辦 ")).isEqualTo("中風後手臂僵硬\n怎麼辦");
        assertThat(TextNormalizer.forDisplay("Me\u0301nie\u0300re")).isEqualTo("Ménière");
        assertThat(TextNormalizer.isControlFree("脑梗死")).isTrue();
        assertThat(TextNormalizer.isControlFree("脑梗\n死")).isFalse();
        assertThat(TextNormalizer.isControlFree("脑梗\u202E死")).isFalse();
    }
}
