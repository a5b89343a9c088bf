package org.strokekg.llm.qwen;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.condition.EnabledIf;
import org.strokekg.llm.LlmFixtures;

/**
 * The unmerged-adapter checks on the GPU in FP32: adapters beside the base (several per step, chosen per row) give the
 * merged model's and transformers' logits there too, within the same 1e-4. Skipped where there is no GPU (CI).
 */
@EnabledIf(value = "gpuFound", disabledReason = "needs a GPU: DJL's PyTorch engine finds none")
class GpuUnmergedAdapterTest extends UnmergedAdapterTest {

    /** A class condition, not a {@code @BeforeAll} assumption, so surefire lists each test as skipped (SUREFIRE-2300). */
    static boolean gpuFound() {
        LlmFixtures.reference(); // sets the test thread count before the engine starts
        return Engine.getEngine("PyTorch").getGpuCount() > 0;
    }

    @Override
    Device device() {
        return Device.gpu();
    }
}
