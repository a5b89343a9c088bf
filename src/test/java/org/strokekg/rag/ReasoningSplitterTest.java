package org.strokekg.rag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The chain of thought comes back apart from the answer, whichever format the model uses and however it streams. */
class ReasoningSplitterTest {

    static String[] split(List<String> deltas) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder answer = new StringBuilder();
        ReasoningSplitter s = new ReasoningSplitter(reasoning::append, answer::append);
        deltas.forEach(s::accept);
        s.finish();
        return new String[] {reasoning.toString(), answer.toString()};
    }

    @Test
    void thinkTagsSplitEvenWhenCutAcrossTokens() {
        String[] r = split(List.of("<th", "ink>先看证据", "[1]。</th", "ink>\n痉挛可用巴氯芬[1]。"));
        assertThat(r[0]).isEqualTo("先看证据[1]。");
        assertThat(r[1]).isEqualTo("痉挛可用巴氯芬[1]。");
    }

    @Test
    void medicalO1HeadingsSplit() {
        String[] r = split(List.of("## Thinking\n\n患者手臂僵硬…\n\n## Final", " Response\n\n考虑痉挛[2]。"));
        assertThat(r[0].strip()).isEqualTo("患者手臂僵硬…");
        assertThat(r[1]).isEqualTo("考虑痉挛[2]。");
    }

    @Test
    void plainAnswersAndAnswersStartingWithHashOrAngleStayAnswers() {
        assertThat(split(List.of("痉挛", "可用巴氯芬。"))).containsExactly("", "痉挛可用巴氯芬。");
        assertThat(split(List.of("#", "1 先就医"))).containsExactly("", "#1 先就医");
        assertThat(split(List.of("<b>注意</b>"))).containsExactly("", "<b>注意</b>");
    }
}
