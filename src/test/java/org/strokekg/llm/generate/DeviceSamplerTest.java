package org.strokekg.llm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.strokekg.llm.LlmFixtures;
import org.strokekg.llm.generate.DeviceSampler;
import org.strokekg.llm.generate.Sampler;
import org.strokekg.llm.request.SamplingOptions;

/**
 * The sampler that runs where the logits are picks the same tokens as {@link Sampler} from the same logits and seed:
 * on the CPU here (the code the GPU runs), and on the GPU too where there is one.
 */
class DeviceSamplerTest {

    private static final int VOCAB = 3000;
    private static final int DRAWS = 300;

    static Stream<Arguments> cases() {
        List<SamplingOptions> options = List.of(
                SamplingOptions.greedy(),
                SamplingOptions.greedy().withRepetitionPenalty(1.3),
                SamplingOptions.sample(1.0, 1.0, 5),
                SamplingOptions.sample(0.7, 0.9, 6),
                SamplingOptions.sample(1.2, 0.8, 7).withTopK(40).withRepetitionPenalty(1.1),
                SamplingOptions.sample(0.5, 1.0, 8).withTopK(5),
                new SamplingOptions(2.0, 0.95, 0, 0.9, OptionalLong.of(9)));
        List<Arguments> out = new ArrayList<>();
        for (Device d : devices()) {
            for (SamplingOptions o : options) {
                out.add(Arguments.of(d, o));
            }
        }
        return out.stream();
    }

    static List<Device> devices() {
        LlmFixtures.reference(); // sets the test thread count before the engine starts
        return Engine.getEngine("PyTorch").getGpuCount() > 0 ? List.of(Device.cpu(), Device.gpu())
                : List.of(Device.cpu());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void picksTheSameTokensAsTheHostSampler(Device device, SamplingOptions options) {
        Random random = new Random(options.hashCode());
        Sampler host = new Sampler(options);
        BitSet seen = new BitSet();
        for (int i = 0; i < 50; i++) {
            seen.set(random.nextInt(VOCAB));
        }
        int sampledDifferently = 0;
        int arraysAfterFirst = -1;
        DeviceSampler onDevice = new DeviceSampler(options);
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            for (int i = 0; i < DRAWS; i++) {
                float[] logits = new float[VOCAB];
                double spread = 1 + 4 * random.nextDouble(); // from flat to peaked distributions
                for (int j = 0; j < VOCAB; j++) {
                    logits[j] = (float) (random.nextGaussian() * spread);
                }
                int expected = host.next(logits.clone(), seen);
                int actual;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    actual = onDevice.next(m.create(logits), seen);
                }
                if (actual != expected) {
                    sampledDifferently++;
                }
                seen.set(expected);
                if (i == 0) {
                    arraysAfterFirst = m.getManagedArrays().size();
                }
            }
            assertThat(m.getManagedArrays()).as("arrays left behind by the steps").hasSize(arraysAfterFirst);
        }
        assertThat(sampledDifferently).as("draws where the device picked another token").isZero();
    }
}
