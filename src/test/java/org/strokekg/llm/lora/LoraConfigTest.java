package org.strokekg.llm.lora;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.strokekg.llm.LlmFixtures;

/** The PEFT 0.21 adapter configs the fixtures hold, read the way PEFT reads them. */
class LoraConfigTest {

    @Test
    void rsloraWithRegexTargetsAndPatterns() {
        try (LoraAdapter a = LoraAdapter.open(LlmFixtures.model("qwen2-tied-lora"))) {
            LoraConfig c = a.config();
            assertThat(c.useRslora()).isTrue();
            assertThat(c.targetModules()).isInstanceOf(LoraConfig.TargetModules.Regex.class);
            assertThat(c.targetModules().matches("model.layers.0.self_attn.q_proj")).isTrue();
            assertThat(c.targetModules().matches("model.layers.0.self_attn.k_proj")).isFalse();
            assertThat(c.rankFor("model.layers.0.mlp.down_proj")).isEqualTo(2);
            assertThat(c.rankFor("model.layers.1.self_attn.q_proj")).isEqualTo(3);
            assertThat(c.rankFor("model.layers.0.self_attn.q_proj")).isEqualTo(8);
            assertThat(c.scaleFor("model.layers.0.self_attn.o_proj")).isEqualTo(4 / Math.sqrt(8));
            assertThat(c.scaleFor("model.layers.0.mlp.down_proj")).isEqualTo(16 / Math.sqrt(2));
            assertThat(a.pair("model.layers.1.self_attn.q_proj").orElseThrow().rank()).isEqualTo(3);
            assertThat(a.pairs()).hasSize(10);
        }
    }

    @Test
    void keysWithTheAdapterNameAndSavedModules() {
        try (LoraAdapter qwen3 = LoraAdapter.open(LlmFixtures.model("qwen3-lora"));
                LoraAdapter gqa = LoraAdapter.open(LlmFixtures.model("qwen2-gqa-lora"))) {
            assertThat(qwen3.weights().names()).allMatch(k -> k.contains(".default.weight"));
            assertThat(qwen3.pairs()).hasSize(14);
            assertThat(gqa.config().modulesToSave()).containsExactly("lm_head");
            assertThat(gqa.replacement("lm_head.weight")).contains("base_model.model.lm_head.weight");
            assertThat(gqa.pair("model.layers.0.self_attn.q_proj").orElseThrow().scale()).isEqualTo(2.0);
        }
    }
}
