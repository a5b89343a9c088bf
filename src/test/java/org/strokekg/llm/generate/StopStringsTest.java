package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strokekg.llm.generate.StopStrings;

class StopStringsTest {

    @Test
    void holdsBackWhatMayStartAStopString() {
        StopStrings s = new StopStrings(List.of("</answer>"));
        assertThat(s.append("康复训练</")).isEqualTo("康复训练");
        assertThat(s.append("ans")).isEmpty();
        assertThat(s.append("x")).isEqualTo("</ansx");
        assertThat(s.append("结束</answer>多余")).isEqualTo("结束");
        assertThat(s.stopped()).isTrue();
        assertThat(s.text()).isEqualTo("康复训练</ansx结束");
        assertThat(s.append("更多")).isEmpty();
    }

    @Test
    void releasesHeldTextAtTheEnd() {
        StopStrings s = new StopStrings(List.of("##"));
        assertThat(s.append("答案#")).isEqualTo("答案");
        assertThat(s.finish()).isEqualTo("#");
        assertThat(s.stopped()).isFalse();
    }

    @Test
    void findsAStopStringSpreadOverPieces() {
        StopStrings s = new StopStrings(List.of("STOP", "停止"));
        assertThat(s.append("abc停")).isEqualTo("abc");
        assertThat(s.append("止def")).isEmpty();
        assertThat(s.text()).isEqualTo("abc");
    }
}
