package org.strokekg.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strokekg.error.InvalidInputException;

class ScriptConverterTest {

    private static final ScriptConverter CONVERTER = new ScriptConverter();

    @ParameterizedTest(name = "TW {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            软件         | 軟體
            信息         | 資訊
            网络         | 網路
            鼠标         | 滑鼠
            打印机       | 印表機
            视频         | 影片
            脑梗死       | 腦梗死
            中风         | 中風
            康复         | 康復
            血栓         | 血栓
            偏瘫         | 偏癱
            面瘫         | 面癱
            面神经       | 面神經
            面条         | 麵條
            针灸         | 針灸
            麻痹         | 麻痺
            肩手综合征   | 肩手症候群
            血管性痴呆   | 血管性失智
            皮肤         | 皮膚
            血液循环     | 血液循環
            局部麻醉     | 局部麻醉
            营养支持     | 營養支持
            社区康复     | 社區康復
            镜像疗法     | 鏡像治療
            阿托伐他汀   | 阿托伐他汀
            这里         | 這裡
            吞咽困难     | 吞嚥困難
            短暂性脑缺血发作 | 短暫性腦缺血發作
            """)
    void taiwanPhrasesAndMedicalTerms(String simplified, String taiwan) {
        assertThat(CONVERTER.convert(simplified, Script.HANT_TW)).isEqualTo(taiwan);
    }

    @Test
    void taiwanSentenceKeepsPhrasesInContext() {
        assertThat(CONVERTER.convert("中风后手臂僵硬怎么办？请用软件查看康复训练视频，并注意血液循环。", Script.HANT_TW))
                .isEqualTo("中風後手臂僵硬怎麼辦？請用軟體檢視康復訓練影片，並注意血液循環。");
    }

    @ParameterizedTest(name = "{1}: {0} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            中风后偏瘫怎么康复     | zh-Hant    | 中風後偏癱怎麼康復
            头发干燥               | zh-Hant    | 頭髮乾燥
            软件信息               | zh-Hant    | 軟件信息
            阿托伐他汀             | zh-Hant    | 阿托伐他汀
            中风后偏瘫怎么康复     | zh-Hant-HK | 中風後偏癱怎麼康復
            针灸                   | zh-Hant-HK | 針灸
            台湾                   | zh-Hant-HK | 台灣
            中風後偏癱怎麼康復     | zh-Hans    | 中风后偏瘫怎么康复
            皮膚乾燥，口乾，乾淨   | zh-Hans    | 皮肤干燥，口干，干净
            乾隆年間               | zh-Hans    | 乾隆年间
            請帶上檢查資料         | zh-Hans    | 请带上检查资料
            """)
    void otherScripts(String text, String tag, String expected) {
        assertThat(CONVERTER.convert(text, Script.parse("script", tag))).isEqualTo(expected);
    }

    @Test
    void simplifiedTextPassesThroughUnchanged() {
        String answer = "脑梗死患者应尽早开始康复训练。";
        assertThat(CONVERTER.convert(answer, Script.HANS)).isSameAs(answer);
    }

    @Test
    void parsesTagsAndNamesTheFieldOnError() {
        assertThat(Script.parse("script", "zh-hant-tw")).isEqualTo(Script.HANT_TW);
        assertThat(Script.parse("script", "zh_Hans")).isEqualTo(Script.HANS);
        assertThat(Script.HANT_HK.tag()).isEqualTo("zh-Hant-HK");
        assertThatThrownBy(() -> Script.parse("STROKEKG_OUTPUT_SCRIPT", "zh-CN"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("STROKEKG_OUTPUT_SCRIPT");
                    assertThat(e.reason()).contains("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK", "zh-CN");
                });
        assertThatThrownBy(() -> Script.parse("script", null)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            中风后手臂僵硬怎么办               | zh-Hans
            中風後手臂僵硬怎麼辦               | zh-Hant-TW
            中風後手臂僵硬怎么辦               | zh-Hant-TW
            中风後手臂僵硬怎么办               | zh-Hans
            What is the NIHSS used for?        | zh-Hans
            NIHSS 評分                         | zh-Hant-TW
            偏瘫                               | zh-Hans
            康复                               | zh-Hans
            手臂                               | zh-Hans
            """)
    void autoFollowsTheScriptTheQuestionLeansTo(String question, String expected) {
        assertThat(ScriptChoice.parse("script", "auto").resolve(question).tag()).isEqualTo(expected);
    }

    @Test
    void aNamedScriptIsKeptWhateverTheQuestion() {
        assertThat(ScriptChoice.parse("script", "zh-Hant-HK").resolve("中风后手臂僵硬怎么办")).isEqualTo(Script.HANT_HK);
        assertThat(ScriptChoice.parse("script", "zh-Hans").resolve("中風後手臂僵硬怎麼辦")).isEqualTo(Script.HANS);
        assertThat(ScriptChoice.parse("script", " AUTO ")).isInstanceOf(ScriptChoice.OfQuestion.class);
        assertThatThrownBy(() -> ScriptChoice.parse("STROKEKG_OUTPUT_SCRIPT", "zh-CN"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("STROKEKG_OUTPUT_SCRIPT");
                    assertThat(e.reason()).contains("auto", "zh-Hans", "zh-Hant-TW", "zh-Hant-HK", "zh-CN");
                });
    }
}
