package org.strokekg.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's FP32 multiply-add peak as this JVM reaches it: ten independent chains of 256-bit fused multiply-adds
 * per thread, enough to keep both FMA pipes of a core busy, with nothing read from memory. Prefill is compute bound,
 * so this is its ceiling (the decode figure has the copy bandwidth for that). Loaded reflectively by
 * {@link EngineBenchmark}, like the decode kernel, because it needs the incubating Vector API.
 */
final class FmaPeak implements IntToDoubleFunction {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int CHAINS = 10;
    private static final long ITERATIONS = 50_000_000L;

    /** FLOP/s (a multiply-add counts two) over {@code threads} threads, the best of three runs. */
    @Override
    public double applyAsDouble(int threads) {
        for (int i = 0; i < 200; i++) {          // compiled and intrinsified before it is timed
            chains(20_000);
        }
        double best = 0;
        for (int r = 0; r < 3; r++) {
            List<Thread> running = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                running.add(Thread.ofPlatform().daemon().start(() -> chains(ITERATIONS)));
            }
            for (Thread t : running) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return best;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            best = Math.max(best, threads * ITERATIONS * CHAINS * S.length() * 2.0 / seconds);
        }
        return best;
    }

    private static float chains(long iterations) {
        FloatVector a0 = FloatVector.broadcast(S, 1f);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        FloatVector x = FloatVector.broadcast(S, 0.999999f);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
        }
        // the sum keeps the chains alive through the compiler
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
                .reduceLanes(VectorOperators.ADD);
    }
}
