/**
 * The model engine: the safetensors reader, tokenizers, the Qwen model families on DJL's PyTorch engine, LoRA, sampling, the
 * generation loop and scheduler, and the LangChain4j ChatModel adapters (local engine and remote OpenAI-compatible servers).
 * Depends on {@code text} and {@code error} only.
 */
package org.strokekg.llm;
