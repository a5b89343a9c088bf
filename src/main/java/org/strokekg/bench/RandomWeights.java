package org.strokekg.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.strokekg.llm.qwen.LoraWeights;
import org.strokekg.llm.qwen.QwenConfig;
import org.strokekg.llm.qwen.QwenWeights;

/**
 * Random models for the benchmarks, of shapes no fixture file holds: weights normal with std 0.02 and norms at 1,
 * made directly on the device (a 3B shape never passes through the host), handed to the engine through
 * {@link QwenWeights#of} and {@link LoraWeights#of} as a loaded checkpoint would be.
 */
final class RandomWeights {

    private RandomWeights() {
    }

    /** Random weights of {@code c}'s shape; tied embeddings follow the config. */
    static QwenWeights model(QwenConfig c, Device device, DataType dtype, long seed) {
        return model(c, device, dtype, seed, 0);
    }

    /**
     * Random weights as {@link #model(QwenConfig, Device, DataType, long)}, with a random LoRA of rank {@code loraRank}
     * (alpha 2r; A and B normal, std 0.02) on every projection of every layer (q, k, v, o, gate, up, down: PEFT's
     * "all-linear") merged in before the cast, as a loaded adapter is. 0: no adapter.
     */
    static QwenWeights model(QwenConfig c, Device device, DataType dtype, long seed, int loraRank) {
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            long h = c.hiddenSize();
            long d = c.headDim();
            long q = (long) c.heads() * d;
            long kv = (long) c.kvHeads() * d;
            long inter = c.intermediateSize();
            long qkvOut = q + 2 * kv;
            long params = 0;
            NDArray embed = keep(manager.randomNormal(0f, 0.02f, new Shape(c.vocabSize(), h), DataType.FLOAT32), dtype);
            params += (long) c.vocabSize() * h;
            List<QwenWeights.Layer> layers = new ArrayList<>();
            for (int i = 0; i < c.layers(); i++) {
                boolean bias = c.family() != QwenConfig.Family.QWEN3;
                layers.add(new QwenWeights.Layer(ones(manager, h, dtype),
                        projection(manager, dtype, new long[] {q, kv, kv}, h, loraRank),
                        bias ? keep(manager.randomNormal(0f, 0.02f, new Shape(qkvOut), DataType.FLOAT32), dtype) : null,
                        c.qkNorm() ? keep(manager.ones(new Shape(c.heads() + c.kvHeads(), d), DataType.FLOAT32), dtype)
                                : null,
                        projection(manager, dtype, new long[] {h}, q, loraRank), ones(manager, h, dtype),
                        projection(manager, dtype, new long[] {inter, inter}, h, loraRank),
                        projection(manager, dtype, new long[] {h}, inter, loraRank)));
                params += qkvOut * h + (bias ? qkvOut : 0) + h * q + 3L * inter * h + 2 * h;
            }
            NDArray head = embed;
            if (!c.tiedEmbeddings()) {
                head = keep(manager.randomNormal(0f, 0.02f, new Shape(c.vocabSize(), h), DataType.FLOAT32), dtype);
                params += (long) c.vocabSize() * h;
            }
            NDArray norm = ones(manager, h, dtype);
            return QwenWeights.of(c, manager, dtype, embed, layers, norm, head, params + h);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A random adapter of {@code rank} on every projection of every layer (q, k, v, o, gate, up, down; A and B normal
     * with std 0.02, alpha 2r), in the base's type on its device, kept unmerged beside it.
     */
    static LoraWeights adapter(QwenWeights base, int rank, long seed, String name) {
        QwenConfig c = base.config();
        DataType dtype = base.dtype();
        NDManager manager = NDManager.newBaseManager(base.device(), "PyTorch");
        try {
            Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            long h = c.hiddenSize();
            long q = (long) c.heads() * c.headDim();
            long kv = (long) c.kvHeads() * c.headDim();
            long inter = c.intermediateSize();
            int n = c.layers();
            LoraWeights.Delta[] qkv = new LoraWeights.Delta[n];
            LoraWeights.Delta[] o = new LoraWeights.Delta[n];
            LoraWeights.Delta[] gateUp = new LoraWeights.Delta[n];
            LoraWeights.Delta[] down = new LoraWeights.Delta[n];
            for (int i = 0; i < n; i++) {
                qkv[i] = delta(manager, dtype, new long[] {q, kv, kv}, h, rank);
                o[i] = delta(manager, dtype, new long[] {h}, q, rank);
                gateUp[i] = delta(manager, dtype, new long[] {inter, inter}, h, rank);
                down[i] = delta(manager, dtype, new long[] {h}, inter, rank);
            }
            return LoraWeights.of(name, manager, base, qkv, o, gateUp, down);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A projection's weight (the outs stacked, fused as the engine keeps them), a random LoRA merged in FP32. */
    private static NDArray projection(NDManager manager, DataType dtype, long[] outs, long in, int loraRank) {
        NDList parts = new NDList();
        for (long out : outs) {
            NDArray w = manager.randomNormal(0f, 0.02f, new Shape(out, in), DataType.FLOAT32);
            if (loraRank > 0) {
                try (NDArray a = manager.randomNormal(0f, 0.02f, new Shape(loraRank, in), DataType.FLOAT32);
                        NDArray b = manager.randomNormal(0f, 0.02f, new Shape(out, loraRank), DataType.FLOAT32);
                        NDArray delta = b.matMul(a)) {
                    w.addi(delta.muli(2f));
                }
            }
            parts.add(w);
        }
        if (parts.size() == 1) {
            return keep(parts.get(0), dtype);
        }
        NDArray fused = NDArrays.concat(parts, 0);
        parts.close();
        return keep(fused, dtype);
    }

    /** A fused projection's random delta: A stacked, B block-diagonal with the scale 2 (alpha 2r) folded in. */
    private static LoraWeights.Delta delta(NDManager m, DataType dtype, long[] outs, long in, int rank) {
        long outTotal = 0;
        for (long out : outs) {
            outTotal += out;
        }
        int pieces = outs.length;
        try (NDManager scratch = m.newSubManager()) {
            NDArray a = m.randomNormal(0f, 0.02f, new Shape((long) pieces * rank, in), DataType.FLOAT32);
            NDArray b = scratch.zeros(new Shape(outTotal, (long) pieces * rank), DataType.FLOAT32);
            long row = 0;
            for (int i = 0; i < pieces; i++) {
                NDArray block = scratch.randomNormal(0f, 0.04f, new Shape(outs[i], rank), DataType.FLOAT32);
                b.set(new NDIndex().addSliceDim(row, row + outs[i]).addSliceDim((long) i * rank, (long) (i + 1) * rank),
                        block);
                row += outs[i];
            }
            NDArray a16 = a.toType(dtype, false);
            NDArray b16 = b.toType(dtype, false);
            a16.attach(m);
            b16.attach(m);
            if (a16 != a) {
                a.close();
            }
            NDScope.unregister(a16, b16);
            return new LoraWeights.Delta(a16, b16);
        }
    }

    private static NDArray ones(NDManager manager, long n, DataType dtype) {
        return keep(manager.ones(new Shape(n), DataType.FLOAT32), dtype);
    }

    /** {@code f32} in {@code dtype} (the FP32 array freed when cast), kept past any NDScope. */
    private static NDArray keep(NDArray f32, DataType dtype) {
        NDArray out = dtype == DataType.FLOAT32 ? f32 : f32.toType(dtype, false);
        if (out != f32) {
            f32.close();
        }
        NDScope.unregister(out);
        return out;
    }
}
