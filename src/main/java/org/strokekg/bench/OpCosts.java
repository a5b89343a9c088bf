package org.strokekg.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.llm.qwen.QwenConfig;

/**
 * Host time per call of each kind of operation a decode step issues, at a decode step's shapes, each issued 2,000
 * times back to back (results freed 50 at a time, as a layer's scope frees them) and waited for at the end: where the
 * time of a step that the host cannot issue faster than the GPU runs goes. For {@code bench gpu --ops}.
 */
final class OpCosts {

    private static final Logger LOG = LoggerFactory.getLogger(OpCosts.class);
    private static final int CALLS = 2000;

    private OpCosts() {
    }

    static Map<String, Double> print(Device device, QwenConfig c) {
        Map<String, Double> out = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long d = c.headDim();
        int hq = c.heads();
        int hkv = c.kvHeads();
        long qkv = (hq + 2L * hkv) * d;
        long s = 1100;
        try (NDManager m = NDManager.newBaseManager(device, "PyTorch")) {
            DataType f16 = DataType.FLOAT16;
            NDArray x = random(m, new Shape(1, h), f16);
            NDArray wQkv = random(m, new Shape(qkv, h), f16);
            NDArray bQkv = random(m, new Shape(qkv), f16);
            NDArray wO = random(m, new Shape(h, hq * d), f16);
            NDArray ctx = random(m, new Shape(1, hq * d), f16);
            NDArray wide = random(m, new Shape(1, 2L * c.intermediateSize()), f16);
            NDArray both = random(m, new Shape(1, 2 * h), f16);
            NDArray gamma = random(m, new Shape(2 * h), f16);
            NDArray beta = m.zeros(new Shape(2 * h), f16);
            NDArray qk = random(m, new Shape(1, hq + hkv, d), f16);
            NDArray rope = random(m, new Shape(1, d, d), f16);
            NDArray q = random(m, new Shape(hkv, hq / hkv, d), f16);
            NDArray cache = random(m, new Shape(hkv, s + 32, d), f16);
            NDArray k = random(m, new Shape(hkv, 1, d), f16);
            NDArray scores = random(m, new Shape(hkv, hq / hkv, s), f16);
            NDArray scale = m.create(0.088f);
            long[] ones3 = {1, 1, 1};
            time(out, m, "linear q|k|v + bias (1x2048 . 2560x2048)", () -> linear(x, wQkv, bQkv));
            time(out, m, "linear o + residual (addmm)", () -> linear(ctx, wO, x));
            time(out, m, "neg (1x2048)", x::neg);
            time(out, m, "concat [x, -x]", () -> NDArrays.concat(new NDList(x, x), 1));
            time(out, m, "layer_norm (1x4096)", () -> JniUtils.layerNorm((PtNDArray) both, new Shape(2 * h),
                    (PtNDArray) gamma, (PtNDArray) beta, 1e-6));
            time(out, m, "slice view (JniUtils.slice)", () -> JniUtils.slice((PtNDArray) both, 1, 0, h, 1));
            time(out, m, "index view (JniUtils.index, 3 dims)", () -> JniUtils.index((PtNDArray) cache,
                    new long[] {0, 0, 0}, new long[] {hkv, s, d}, ones3, (PtNDManager) m));
            time(out, m, "reshape view", () -> qk.reshape(hkv, -1, d));
            time(out, m, "split in 2 (views)", () -> qk.split(new long[] {hq}, 1).get(0));
            time(out, m, "transpose view", () -> cache.transpose(0, 2, 1));
            time(out, m, "matmul (1,18,128) . (1,128,128): RoPE", () -> qk.matMul(rope));
            NDArray keysT = cache.transpose(0, 2, 1);
            NDArray keys = JniUtils.slice((PtNDArray) keysT, 2, 0, s, 1);
            time(out, m, "matmul (2,8,128) . (2,128,1100): scores", () -> q.matMul(keys));
            time(out, m, "mul by a scalar array", () -> scores.mul(scale));
            time(out, m, "softmax (2,8,1100) FP16", () -> JniUtils.softmax((PtNDArray) scores, -1, f16));
            time(out, m, "index_put_ into the cache (3 slices)", () -> {
                JniUtils.indexSet((PtNDArray) cache, (PtNDArray) k, new long[] {0, 5, 0}, new long[] {hkv, 6, d},
                        ones3);
                return null;
            });
            time(out, m, "sigmoid (1x22016)", () -> wide.getNDArrayInternal().sigmoid());
            time(out, m, "mul (1x22016)", () -> wide.mul(wide));
            time(out, m, "create a 1-element array from the host", () -> m.create(new long[] {7}));
            time(out, m, "argmax + copy one id to the host", () -> {
                wide.argMax().getLong();
                return null;
            });
        }
        StringBuilder table = new StringBuilder("host microseconds per call (decode shapes):");
        out.forEach((name, us) -> table.append(String.format("%n  %-45s %8.2f", name, us)));
        LOG.info("{}", table);
        return out;
    }

    private static void time(Map<String, Double> out, NDManager m, String name, Supplier<Object> op) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            sync(m);
            long t0 = System.nanoTime();
            for (int i = 0; i < CALLS; i += 50) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    for (int j = 0; j < 50; j++) {
                        op.get();
                    }
                }
            }
            sync(m);
            double us = (System.nanoTime() - t0) / 1e3 / CALLS;
            if (round > 0) {
                best = Math.min(best, us);
            }
        }
        out.put(name, best);
    }

    private static void sync(NDManager m) {
        try (NDArray one = m.create(new float[] {1f})) {
            one.add(one).toFloatArray();
        }
    }

    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) w, (PtNDArray) b);
    }

    private static NDArray random(NDManager m, Shape shape, DataType type) {
        return m.randomUniform(-0.5f, 0.5f, shape, DataType.FLOAT32).toType(type, false);
    }
}
