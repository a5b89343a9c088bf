package org.strokekg.llm.qwen;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.BeforeAll;
import org.strokekg.llm.LlmFixtures;

/**
 * The unmerged-adapter checks on the GPU in FP32: adapters beside the base (several per step, chosen per row) give the
 * merged model's and transformers' logits there too, within the same 1e-4. Skipped where there is no GPU (CI).
 */
class GpuUnmergedAdapterTest extends UnmergedAdapterTest {

    @BeforeAll
    static void needsAGpu() {
        LlmFixtures.reference(); // sets the test thread count before the engine starts
        assumeTrue(Engine.getEngine("PyTorch").getGpuCount() > 0, "no GPU: DJL's PyTorch engine finds none");
    }

    @Override
    Device device() {
        return Device.gpu();
    }
}
