package org.strokekg.llm.qwen;

import java.util.List;
import java.util.Optional;

/**
 * Where each weight of a family lives in the checkpoint, by Hugging Face module name (PEFT keys use the same names).
 * The engine fuses q/k/v and gate/up into one matrix each; a piece list names the checkpoint modules in fused order.
 */
record Layout(String embed, String finalNorm, String lmHead) {

    /** One decoder layer's module names; the q/k norms exist in Qwen3 only. */
    record LayerNames(String inputNorm, List<String> qkv, String o, Optional<String> qNorm, Optional<String> kNorm,
            String postNorm, List<String> gateUp, String down) {
    }

    static Layout of(QwenConfig.Family family) {
        return family == QwenConfig.Family.QWEN_V1
                ? new Layout("transformer.wte", "transformer.ln_f", "lm_head")
                : new Layout("model.embed_tokens", "model.norm", "lm_head");
    }

    LayerNames layer(QwenConfig.Family family, int i) {
        if (family == QwenConfig.Family.QWEN_V1) {
            String p = "transformer.h." + i + ".";
            // v1's w2 feeds the SiLU (the gate) and w1 is the up projection
            return new LayerNames(p + "ln_1", List.of(p + "attn.c_attn"), p + "attn.c_proj", Optional.empty(),
                    Optional.empty(), p + "ln_2", List.of(p + "mlp.w2", p + "mlp.w1"), p + "mlp.c_proj");
        }
        String p = "model.layers." + i + ".";
        boolean qk = family == QwenConfig.Family.QWEN3;
        return new LayerNames(p + "input_layernorm",
                List.of(p + "self_attn.q_proj", p + "self_attn.k_proj", p + "self_attn.v_proj"), p + "self_attn.o_proj",
                qk ? Optional.of(p + "self_attn.q_norm") : Optional.empty(),
                qk ? Optional.of(p + "self_attn.k_norm") : Optional.empty(), p + "post_attention_layernorm",
                List.of(p + "mlp.gate_proj", p + "mlp.up_proj"), p + "mlp.down_proj");
    }
}
