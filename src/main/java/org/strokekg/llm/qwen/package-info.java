/**
 * The Qwen model families on DJL's PyTorch engine: the config, the immutable weights (loaded from safetensors, a LoRA
 * merged in at load, or several kept beside them as {@link org.strokekg.llm.qwen.LoraWeights}), the engine state kept
 * beside them ({@link org.strokekg.llm.qwen.QwenRuntime}: captured CUDA graphs, KV cache accounting), the per-request
 * KV cache and the batched forward pass, whose decode steps replay as CUDA graphs on a GPU where the engine's own JNI
 * library ({@code models/gpu/native}, loaded by {@code CudaNative}) is present, and whose CPU decode matmuls run in a
 * Java Vector API kernel ({@code FewRowLinear}; its implementation, {@code VectorKernel}, lives in
 * {@code src/main/java22} because it needs Java 22). The one process-wide part, the native settings each of those
 * takes once ({@link org.strokekg.llm.qwen.NativeSettings}), is handed over at start; everything per model comes with
 * its load ({@link org.strokekg.llm.qwen.QwenRuntime.Options}). Depends on {@code llm.safetensors},
 * {@code llm.lora} and {@code error}.
 */
package org.strokekg.llm.qwen;
