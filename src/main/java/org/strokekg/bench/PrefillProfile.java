package org.strokekg.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.generate.DevicePreference;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenConfig;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.qwen.StepProfile;

/**
 * {@code bench gpu --prefill-profile}: one packed prefill step of R prompts (R × T tokens through one set of GEMMs, as
 * the scheduler runs a batch's prompts when its prefill chunk holds them all), first timed as it runs, then with the
 * device waited for after each class of operation ({@link StepProfile}), so the time of embedding, norms, RoPE, each
 * projection's GEMMs, attention, cache writes and the head shows apart. Random Qwen weights of the given shape in FP16
 * on the device, with a merged LoRA (the same FLOPs as none). Not a test: the numbers depend on the machine.
 */
final class PrefillProfile {

    /** What to run. */
    record Options(QwenConfig shape, int loraRank, int rows, int promptTokens, int repeats, DevicePreference device) {
    }

    /**
     * The figures: the step's best wall time as it runs ({@code stepSeconds}), the best profiled step's total and its
     * seconds per operation class.
     */
    record Report(Device device, int rows, int promptTokens, double stepSeconds, double profiledSeconds,
            Map<StepProfile.Op, Double> seconds) {
    }

    private PrefillProfile() {
    }

    static Report run(Options o) {
        Engine engine = Engine.getEngine("PyTorch");
        if (o.device() != DevicePreference.CPU && engine.getGpuCount() == 0) {
            throw new InvalidInputException("device", "no GPU: DJL's PyTorch engine finds none");
        }
        Device device = o.device() == DevicePreference.CPU ? Device.cpu() : Device.gpu(); // CPU: a smoke run
        Random random = new Random(11);
        int[][] prompts = new int[o.rows()][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = random.ints(o.promptTokens(), 0, o.shape().vocabSize()).toArray();
        }
        try (QwenWeights w = RandomWeights.model(o.shape(), device, DataType.FLOAT16, 42, o.loraRank());
                QwenRuntime runtime = new QwenRuntime(w, QwenRuntime.Options.OP_BY_OP);
                StepProfile profile = new StepProfile(device)) {
            double step = Double.MAX_VALUE;
            double profiled = Double.MAX_VALUE;
            Map<StepProfile.Op, Double> best = Map.of();
            for (int r = 0; r <= o.repeats(); r++) {           // round 0 warms up (allocator, cuBLAS, the JIT)
                double plain = timed(w, runtime, prompts, Optional.empty());
                if (r > 0) {
                    step = Math.min(step, plain);
                }
                profile.reset();
                double seconds = timed(w, runtime, prompts, Optional.of(profile));
                if (r > 0 && seconds < profiled) {
                    profiled = seconds;
                    best = profile.seconds();
                }
            }
            return new Report(device, o.rows(), o.promptTokens(), step, profiled, best);
        }
    }

    /** One packed prefill of all prompts into fresh caches; seconds until the rows' next tokens are on the host. */
    private static double timed(QwenWeights w, QwenRuntime runtime, int[][] prompts, Optional<StepProfile> profile) {
        List<KvCache> caches = new ArrayList<>();
        try {
            List<Forward.Row> rows = new ArrayList<>();
            for (int[] prompt : prompts) {
                KvCache cache = runtime.newCache(prompt.length + 4);
                caches.add(cache);
                rows.add(new Forward.Row(cache, prompt, Optional.empty(), false));
            }
            long t0 = System.nanoTime();
            if (profile.isPresent()) {
                Forward.profiled(w, rows, profile.get());
            } else {
                Forward.step(w, rows);                          // the argmax comes back to the host: the step is done
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            caches.forEach(KvCache::close);
        }
    }
}
