package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelSpec;
import org.strokekg.llm.request.ChatMessage;
import org.strokekg.llm.request.FinishReason;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.TokenSink;
import org.strokekg.llm.tokenizer.TiktokenTokenizer;

/** The first seed's layout end to end: a Qwen v1 folder with {@code qwen.tiktoken} and no tokenizer.json. */
class QwenV1ModelTest {

    @Test
    void aV1FolderLoadsWithItsTiktokenFileAndGeneratesWhatTransformersDoes() {
        try (LanguageModel model = LanguageModel.load(ModelSpec.of(LlmFixtures.model("qwen-v1-f32"))
                .withAdapter(LlmFixtures.model("qwen-v1-lora")).withDevice(DevicePreference.CPU))) {
            assertThat(model.tokenizer()).isInstanceOf(TiktokenTokenizer.class);
            assertThat(model.info().family()).isEqualTo("qwen");
            int[] chat = model.promptTokens(Prompt.chat(ChatMessage.user("脑卒中后如何预防跌倒？")));
            assertThat(chat).containsExactly(LlmFixtures.prompts().get("chat"));
            int[] expected = LlmFixtures.ints(LlmFixtures.reference().path("models").path("qwen-v1.f32.lora")
                    .path("greedy").path("chat"));
            int endOfText = model.tokenizer().tokenId("<|endoftext|>").orElseThrow();
            int stop = 0;
            while (stop < expected.length && expected[stop] != endOfText) {
                stop++;
            }
            assertThat(stop).as("the reference reaches <|endoftext|>").isLessThan(expected.length);
            int[] untilStop = java.util.Arrays.copyOf(expected, stop);
            GenerationResult r = model.generate(GenerationRequest.builder(new Prompt.Tokens(chat))
                    .maxNewTokens(expected.length).build(), TokenSink.NONE);
            assertThat(r.tokens()).containsExactly(untilStop);
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP_TOKEN);
            assertThat(r.text()).isEqualTo(model.tokenizer().decode(untilStop));
        }
    }
}
