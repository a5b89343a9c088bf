package org.strokekg.llm.generate;

import java.util.Optional;
import org.strokekg.llm.request.ChatTemplate;

/**
 * A loaded model as the startup log and {@code GET /v1/models} describe it.
 *
 * @param family        {@code qwen2}, {@code qwen3} or {@code qwen} (v1)
 * @param device        DJL's name for it, e.g. {@code cpu()} or {@code gpu(0)}
 * @param dtype         the compute type of the weights: {@code float32} on CPU, {@code float16} on GPU
 * @param weightBytes   the weights' size on the device
 * @param contextLength the most positions a request may use (prompt plus new tokens)
 */
public record ModelInfo(String name, String family, String device, String dtype, long parameters, long weightBytes,
        Optional<String> adapter, int contextLength, ChatTemplate template) {
}
