/**
 * A Qwen model loaded in process and generating: {@link org.strokekg.llm.generate.LanguageModel} (the weights, their
 * runtime, the tokenizer and the unmerged adapters, loaded from a {@link org.strokekg.llm.generate.ModelSpec}), the
 * scheduler that decodes every request in flight in batched steps, each request's generation state (stop strings,
 * host or on-device sampling, streaming through a delivery thread of its own) and a model as a client names it
 * ({@link org.strokekg.llm.generate.ServedModel}). Depends on {@code llm.request}, {@code llm.qwen}, {@code llm.lora},
 * {@code llm.tokenizer} and {@code error}.
 */
package org.strokekg.llm.generate;
