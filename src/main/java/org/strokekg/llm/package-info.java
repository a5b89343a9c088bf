/**
 * The model engine's entry point: the model manifest ({@code models.yaml}: ids {@code base} and {@code base:adapter})
 * and the registry that loads it ({@link org.strokekg.llm.ModelRegistry}), handing out each served model as a
 * LangChain4j {@code ChatModel}, and the engine's switches read once by the configuration
 * ({@link org.strokekg.llm.EngineOptions}): passed down with each model load, their process-wide native part applied
 * in one step at start. Its parts, lowest first (each depends only on those before it, and all of
 * them on {@code error}): {@code llm.safetensors} and {@code llm.tokenizer}; {@code llm.lora}; {@code llm.qwen} (the
 * weights, their runtime and the forward pass); {@code llm.request} (what a caller asks and gets back);
 * {@code llm.generate} (a loaded model, its scheduler and sampling); {@code llm.langchain4j} (the ChatModel adapters,
 * local and remote). This package depends on all of them; none depends on it. {@code llm} as a whole depends on
 * {@code text} and {@code error} only, and nothing in it reads a system property or the environment.
 */
package org.strokekg.llm;
