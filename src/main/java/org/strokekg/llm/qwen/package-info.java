/**
 * The Qwen model families on DJL's PyTorch engine: the config, the immutable weights (loaded from safetensors, LoRA
 * merged in at load), the per-request KV cache and the forward pass. Depends on {@code llm.safetensors},
 * {@code llm.lora} and {@code error}.
 */
package org.strokekg.llm.qwen;
