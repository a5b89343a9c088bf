/**
 * PEFT LoRA adapters: {@code adapter_config.json} (what is supported, what is refused because it changes the math) and
 * the A/B pairs of {@code adapter_model.safetensors} as PEFT and Unsloth name them. Pure Java: the merge itself runs
 * where the weights live ({@code llm.qwen}). Depends on {@code llm.safetensors} and {@code error}.
 */
package org.strokekg.llm.lora;
