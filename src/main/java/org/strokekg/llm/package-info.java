/**
 * The model engine: the safetensors reader, tokenizers, the Qwen model families on DJL's PyTorch engine, LoRA, sampling,
 * the generation state and the scheduler that batches every request in flight, the model manifest and registry
 * ({@code models.yaml}: ids {@code base} and {@code base:adapter}), and the LangChain4j ChatModel adapters (local
 * engine and remote OpenAI-compatible servers). Entry points: {@link org.strokekg.llm.ModelRegistry},
 * {@link org.strokekg.llm.LanguageModel}, {@link org.strokekg.llm.ServedModel}. Depends on {@code text} and
 * {@code error} only.
 */
package org.strokekg.llm;
