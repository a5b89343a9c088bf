package org.strokekg.llm.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strokekg.llm.langchain4j.ReasoningStream;
import org.strokekg.llm.request.ChatTemplate;
import org.strokekg.llm.request.Reasoning;

class ReasoningStreamTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "CHATML|<think>\\n先评估肌力。\\n</think>\\n\\n尽早开始康复。",
        "CHATML|尽早开始康复。<think>不是开头的标签</think>",
        "CHATML|  <thin",
        "CHATML|<think>没有结束",
        "MEDICAL_O1|## Thinking\\n\\n患者病情稳定后……\\n\\n## Final Response\\n\\n发病后24-48小时内开始。",
        "MEDICAL_O1|<think>a</think>b",
        "MEDICAL_O1|## Thinking 还没想完 ## Final",
        "MEDICAL_O1_R1|先看病情。\\n</think>\\n早期康复。",
        "MEDICAL_O1_R1|还没想完</thi",
    })
    void streamingAgreesWithTheWholeTextSplitWhateverThePieces(ChatTemplate template, String escaped) {
        String text = escaped.replace("\\n", "\n");
        Reasoning whole = template.split(text);
        for (int size = 1; size <= 4; size++) {
            StringBuilder reasoning = new StringBuilder();
            StringBuilder answer = new StringBuilder();
            ReasoningStream.Listener l = new ReasoningStream.Listener() {
                @Override
                public void reasoning(String t) {
                    reasoning.append(t);
                }

                @Override
                public void answer(String t) {
                    answer.append(t);
                }
            };
            ReasoningStream s = new ReasoningStream(template);
            for (int i = 0; i < text.length(); i += size) {
                s.append(text.substring(i, Math.min(text.length(), i + size)), l);
            }
            s.finish(l);
            assertThat(reasoning.toString().strip()).as("reasoning, pieces of %d", size).isEqualTo(whole.reasoning());
            assertThat(answer.toString().strip()).as("answer, pieces of %d", size).isEqualTo(whole.answer());
        }
    }
}
