package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDScope;
import java.util.Arrays;
import java.util.BitSet;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DeviceSampler;
import org.strokekg.llm.generate.Sampler;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.request.SamplingOptions;

/** What the GPU tests share: the condition that skips them without a GPU, and greedy decoding as the GPU path does it. */
final class GpuTests {

    private GpuTests() {
    }

    /** {@code -Dstrokekg.gpuTests.onCpu=true} runs the GPU tests' code on the CPU: a smoke run without a GPU. */
    private static final boolean ON_CPU = Boolean.getBoolean("strokekg.gpuTests.onCpu");

    /** Why a GPU test class is skipped: surefire prints it beside each of its tests. */
    static final String NO_GPU = "needs a GPU: DJL's PyTorch engine finds none (a smoke run on the CPU: "
            + "-Dstrokekg.gpuTests.onCpu=true)";

    /**
     * Whether the GPU tests can run: DJL's PyTorch engine finds a GPU, or the smoke run was asked for. A class-level
     * {@code @EnabledIf} condition rather than an assumption in {@code @BeforeAll}, which surefire would report as
     * "Tests run: 0" (SUREFIRE-2300) instead of listing each test as skipped with this reason.
     */
    static boolean available() {
        LlmFixtures.reference(); // sets the test thread count before the engine starts
        return ON_CPU || Engine.getEngine("PyTorch").getGpuCount() > 0;
    }

    /** The GPU (the CPU in a smoke run). */
    static Device device() {
        return ON_CPU ? Device.cpu() : Device.gpu();
    }

    /** Prefill, then one token per step, each chosen on the weights' device: only token ids reach the host. */
    static int[] greedy(QwenWeights w, int[] prompt, int n) {
        int[] out = new int[n];
        BitSet seen = new BitSet();
        DeviceSampler sampler = new DeviceSampler(SamplingOptions.greedy());
        try (QwenRuntime rt = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP);
                KvCache cache = rt.newCache(prompt.length + n)) {
            int[] input = prompt;
            for (int i = 0; i < n; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    out[i] = sampler.next(Forward.lastLogits(w, cache, input), seen);
                }
                input = new int[] {out[i]};
            }
        }
        return out;
    }

    /**
     * Checks greedy tokens chosen on a GPU in FP16 against the CPU in FP32: both models read the prompt and the tokens
     * (teacher forcing), and at every generated position the logits differ by less than {@code tolerance} and the
     * GPU's token is the CPU's best or within twice the tolerance of it (a near tie FP16 may settle either way).
     * Returns how many of the tokens are the CPU's own choice, and the largest logit difference.
     */
    static double[] checkAgainstCpu(QwenWeights fp16, QwenWeights cpu, int[] prompt, int[] tokens, double tolerance,
            String what) {
        int[] all = Arrays.copyOf(prompt, prompt.length + tokens.length - 1);
        System.arraycopy(tokens, 0, all, prompt.length, tokens.length - 1);
        float[][] onGpu;
        float[][] onCpu;
        try (QwenRuntime fp16Rt = new QwenRuntime(fp16, QwenRuntime.Options.OP_BY_OP);
                QwenRuntime cpuRt = new QwenRuntime(cpu, QwenRuntime.Options.OP_BY_OP);
                KvCache a = fp16Rt.newCache(all.length); KvCache b = cpuRt.newCache(all.length)) {
            onGpu = Forward.all(fp16, a, all);
            onCpu = Forward.all(cpu, b, all);
        }
        int identical = 0;
        double worstOfAll = 0;
        for (int i = 0; i < tokens.length; i++) {
            float[] g = onGpu[prompt.length - 1 + i];
            float[] c = onCpu[prompt.length - 1 + i];
            double worst = 0;
            for (int j = 0; j < c.length; j++) {
                worst = Math.max(worst, Math.abs(g[j] - c[j]));
            }
            worstOfAll = Math.max(worstOfAll, worst);
            assertThat(worst).as("%s token %d: max |FP16 logit - FP32 logit|", what, i).isLessThan(tolerance);
            int best = Sampler.argmax(c);
            if (best == tokens[i]) {
                identical++;
            }
            assertThat((double) (c[best] - c[tokens[i]])).as("%s token %d: the CPU's best logit over the GPU token's", what, i)
                    .isLessThanOrEqualTo(2 * tolerance);
        }
        return new double[] {identical, worstOfAll};
    }
}
