package org.strokekg.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.strokekg.text.EmergencyNotice.Level;

class EmergencyDetectorTest {

    private final EmergencyDetector detector = new EmergencyDetector();

    @ParameterizedTest(name = "URGENT: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            我爸突然嘴歪了，说话不清楚，怎么办                           | FACE
            我媽剛才右手突然沒力氣，拿不住筷子                           | ARM
            老人早上醒来发现半边身子麻木                                 | ARM
            爷爷现在说不出话了，怎么回事                                 | SPEECH
            突然一只眼睛看不见了                                         | EYES
            突然天旋地转，站不稳                                         | BALANCE
            突然剧烈头痛，是中风吗                                       | HEADACHE
            他口角歪斜，一侧手脚无力                                     | FACE
            我現在左邊臉麻，講話含糊                                     | SPEECH
            患者突然意识模糊，叫不醒                                     | CONFUSION
            偏瘫三年了，今天突然说话不清楚                               | SPEECH
            奶奶十分钟前左侧肢体无力，口角歪斜                           | ARM
            我老公說話口齒不清，嘴角下垂                                 | FACE
            媽媽突然頭暈，看東西重影                                     | EYES
            My father suddenly can't lift his left arm and his face is drooping | ARM
            My wife just now started slurring her speech                 | SPEECH
            I suddenly lost vision in one eye                            | EYES
            Sudden severe headache and vomiting, what should I do?       | HEADACHE
            He is having trouble speaking and his smile looks uneven     | SPEECH
            My mom woke up with numbness on one side of her body         | ARM
            ＭＹ　ＤＡＤ　ＳＵＤＤＥＮＬＹ　ＣＡＮ’Ｔ　ＳＰＥＡＫ      | SPEECH
            """)
    void urgentWhenSignsAreDescribed(String question, WarningSign expectedSign) {
        Optional<EmergencyNotice> notice = detector.detect(question);
        assertThat(notice).hasValueSatisfying(n -> {
            assertThat(n.level()).isEqualTo(Level.URGENT);
            assertThat(n.signs()).contains(expectedSign);
            assertThat(n.messageZh()).contains("120", "119", "999", "911", "时间就是大脑", "不要给患者进食");
            assertThat(n.messageEn()).contains("120", "119", "999", "911", "time is brain", "no food, drink or medicine");
            assertThat(n.source()).contains("BE-FAST", "中风120");
        });
    }

    @ParameterizedTest(name = "INFO: {0}")
    @ValueSource(strings = {
        "中风的早期症状有哪些",
        "腦中風有什麼前兆？",
        "What are the warning signs of a stroke?",
        "BE-FAST 是什么意思",
        "怎么判断是不是中风",
        "中风120口诀是什么",
        "How can I tell if someone is having a stroke?",
        "脑梗塞发作时有什么表现",
        "口角歪斜是什么原因",
        "What are the symptoms of a TIA?",
    })
    void infoWhenAskingWhatTheSignsAre(String question) {
        assertThat(detector.detect(question)).hasValueSatisfying(n -> {
            assertThat(n.level()).isEqualTo(Level.INFO);
            assertThat(n.messageZh()).contains("BE-FAST", "120");
        });
    }

    @ParameterizedTest(name = "none: {0}")
    @ValueSource(strings = {
        "偏瘫三年了怎么康复",
        "脑梗死和高血压有什么关系",
        "中风后手臂僵硬怎么办",
        "中風後手臂僵硬怎麼辦",
        "阿司匹林要吃多久",
        "如何预防中风",
        "中风后吞咽困难怎么训练",
        "康复训练每天做多久",
        "脑出血手术后多久能下床",
        "中风患者吃什么好",
        "偏瘫病人如何翻身",
        "中風後說話不清楚怎麼練習",
        "腦梗塞的治療方法",
        "中风的危险因素有哪些",
        "糖尿病手脚麻木怎么办",
        "头晕是什么原因",
        "偏瘫三年了现在手还是没力",
        "老花眼看不清怎么办",
        "How long does stroke rehabilitation take?",
        "Can I take aspirin with warfarin?",
        "What causes a stroke?",
        "Is stroke hereditary?",
        "After my father's stroke his arm is still weak, what exercises help?",
        "TIA和中风有什么区别",
        "",
    })
    void noNoticeForOtherStrokeQuestions(String question) {
        assertThat(detector.detect(question)).isEmpty();
    }

    @Test
    void signsComeInBeFastOrder() {
        EmergencyNotice n = detector.detect("突然说话不清，口角歪斜，走路不稳").orElseThrow();
        assertThat(n.signs()).containsExactly(WarningSign.BALANCE, WarningSign.FACE, WarningSign.SPEECH);
    }
}
