package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.lora.LoraAdapter;

/**
 * A LoRA adapter kept apart from its base (unmerged), so one base serves several adapters chosen per request: the
 * forward pass adds {@code scale · (x · Aᵀ) · Bᵀ} beside each base matmul for the rows of requests that use it, and the
 * base weights are never written. Built against the base's shapes and fused layout: for q|k|v and gate|up the pieces'
 * A matrices are stacked (R = the pieces' ranks together) and their scaled B matrices placed block-diagonally, so a
 * fused projection's delta is still two matmuls. Immutable; owns its native arrays until closed.
 */
public final class LoraWeights implements AutoCloseable {

    /** One projection's update: {@code delta(x) = (x · aᵀ) · bᵀ}, the scales folded into b. */
    public record Delta(NDArray a, NDArray b) { // a (R, in), b (out, R)
    }

    private final String name;
    private final NDManager manager;
    final QwenWeights base;
    final Delta[] qkv;
    final Delta[] o;
    final Delta[] gateUp;
    final Delta[] down;
    final Delta head;              // or null
    final NDArray headReplacement; // (V, H) from modules_to_save, or null
    private final long bytes;
    private NDManager tableManager;    // the fused step's table of this adapter, made at its first use on a GPU
    private long tablePointer;

    private LoraWeights(String name, NDManager manager, QwenWeights base, Delta[] qkv, Delta[] o, Delta[] gateUp, Delta[] down,
            Delta head, NDArray headReplacement, long bytes) {
        this.name = name;
        this.manager = manager;
        this.base = base;
        this.qkv = qkv;
        this.o = o;
        this.gateUp = gateUp;
        this.down = down;
        this.head = head;
        this.headReplacement = headReplacement;
        this.bytes = bytes;
    }

    /**
     * Reads {@code adapter} for {@code base}, in the base's dtype and on its device. Every LoRA pair must fit a
     * projection of the base; a whole module in modules_to_save is only supported for {@code lm_head} (other saved
     * modules need the adapter merged at load).
     */
    public static LoraWeights load(QwenWeights base, LoraAdapter adapter) {
        QwenConfig c = base.config;
        for (String replaced : adapter.replacedWeights()) {
            if (!replaced.equals(Layout.of(c.family()).lmHead() + ".weight")) {
                throw new InvalidInputException("adapter_config.json: modules_to_save", "'" + replaced + "' can only "
                        + "be served merged into the base (models.yaml: adapter), not beside it");
            }
        }
        NDManager manager = NDManager.newBaseManager(base.device(), "PyTorch");
        try {
            Builder b = new Builder(manager, base.dtype, adapter);
            Layout names = Layout.of(c.family());
            long h = c.hiddenSize();
            long q = (long) c.heads() * c.headDim();
            long kv = (long) c.kvHeads() * c.headDim();
            long inter = c.intermediateSize();
            int n = c.layers();
            Delta[] qkv = new Delta[n];
            Delta[] o = new Delta[n];
            Delta[] gateUp = new Delta[n];
            Delta[] down = new Delta[n];
            for (int i = 0; i < n; i++) {
                Layout.LayerNames l = names.layer(c.family(), i);
                qkv[i] = b.delta(l.qkv(), l.qkv().size() == 1 ? new long[] {q + 2 * kv} : new long[] {q, kv, kv}, h);
                o[i] = b.delta(List.of(l.o()), new long[] {h}, q);
                gateUp[i] = b.delta(l.gateUp(), l.gateUp().size() == 1 ? new long[] {2 * inter}
                        : new long[] {inter, inter}, h);
                down[i] = b.delta(List.of(l.down()), new long[] {h}, inter);
            }
            Delta head = b.delta(List.of(names.lmHead()), new long[] {c.vocabSize()}, h);
            NDArray replacement = adapter.replacement(names.lmHead() + ".weight")
                    .map(key -> b.loader.keep(b.loader.f32(key, c.vocabSize(), h))).orElse(null);
            b.checkAllUsed();
            manager.cap();
            return new LoraWeights(adapter.name(), manager, base, qkv, o, gateUp, down, head, replacement,
                    b.loader.bytes());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * An adapter made in memory rather than read from PEFT files (a benchmark's random adapters): per layer, each
     * projection's {@link Delta} in {@code base}'s type on its device, fused as the base is (q|k|v and gate|up: A
     * stacked, B block-diagonal, the scale folded into B), all arrays of {@code manager}, which the adapter takes
     * over (and closes). No head of its own.
     */
    public static LoraWeights of(String name, NDManager manager, QwenWeights base, Delta[] qkv, Delta[] o,
            Delta[] gateUp, Delta[] down) {
        int n = base.config.layers();
        if (qkv.length != n || o.length != n || gateUp.length != n || down.length != n) {
            throw new IllegalArgumentException("an adapter needs one delta per projection of each of " + n + " layers");
        }
        long bytes = 0;
        for (Delta[] projection : new Delta[][] {qkv, o, gateUp, down}) {
            for (Delta d : projection) {
                bytes += (d.a().size() + d.b().size()) * base.dtype.getNumOfBytes();
            }
        }
        manager.cap();
        return new LoraWeights(name, manager, base, qkv.clone(), o.clone(), gateUp.clone(), down.clone(), null, null,
                bytes);
    }

    /** Whether the fused decode step can run this adapter (it has no head of its own). */
    boolean fusable() {
        return head == null && headReplacement == null;
    }

    /** The largest rank of the adapter's fused projections (the pieces' ranks together). */
    int maxRank() {
        int most = 0;
        for (Delta[] deltas : new Delta[][] {qkv, o, gateUp, down}) {
            for (Delta d : deltas) {
                if (d != null) {
                    most = Math.max(most, Math.toIntExact(d.a().getShape().get(0)));
                }
            }
        }
        return most;
    }

    /**
     * The device address of this adapter's table for the fused decode step (per layer and projection: A, B, rank),
     * made at the first call; it lives as long as the adapter.
     */
    synchronized long deviceTable() {
        if (tableManager == null) {
            int layers = base.config.layers();
            long[] matrices = new long[layers * 4 * 2];
            int[] ranks = new int[layers * 4];
            for (int l = 0; l < layers; l++) {
                Delta[] ds = {qkv[l], o[l], gateUp[l], down[l]};
                for (int p = 0; p < 4; p++) {
                    if (ds[p] != null) {
                        matrices[2 * (4 * l + p)] = CudaNative.handle(ds[p].a());
                        matrices[2 * (4 * l + p) + 1] = CudaNative.handle(ds[p].b());
                        ranks[4 * l + p] = Math.toIntExact(ds[p].a().getShape().get(0));
                    }
                }
            }
            NDManager m = NDManager.newBaseManager(base.device(), "PyTorch");
            try {
                NDArray table = new ai.djl.pytorch.engine.PtNDArray((ai.djl.pytorch.engine.PtNDManager) m,
                        CudaNative.loraTable(matrices, ranks));
                ai.djl.ndarray.NDScope.unregister(table);
                tablePointer = CudaNative.dataPointer(CudaNative.handle(table));
            } catch (RuntimeException e) {
                m.close();
                throw e;
            }
            tableManager = m;
        }
        return tablePointer;
    }

    /** The adapter's folder name. */
    public String name() {
        return name;
    }

    /** Bytes the adapter's arrays take on the device. */
    public long bytes() {
        return bytes;
    }

    @Override
    public synchronized void close() {
        if (tableManager != null) {
            tableManager.close();
        }
        manager.close();
    }

    /** Reads pairs through a {@link TensorLoader} over the adapter's file and assembles fused deltas. */
    private static final class Builder {
        final TensorLoader loader;
        final LoraAdapter adapter;
        final NDManager manager;
        final Set<String> used = new HashSet<>();

        Builder(NDManager manager, DataType dtype, LoraAdapter adapter) {
            this.manager = manager;
            this.adapter = adapter;
            this.loader = new TensorLoader(manager, dtype, adapter.weights(), Optional.empty());
        }

        /** The delta of a projection fused from {@code modules} (outputs {@code outs}), or null when none has a pair. */
        Delta delta(List<String> modules, long[] outs, long in) {
            NDList as = new NDList();
            int rank = 0;
            long outTotal = 0;
            for (long out : outs) {
                outTotal += out;
            }
            for (String module : modules) {
                Optional<LoraAdapter.LoraPair> p = adapter.pair(module);
                if (p.isPresent()) {
                    rank += p.get().rank();
                }
            }
            if (rank == 0) {
                return null;
            }
            NDArray b = manager.zeros(new Shape(outTotal, rank), DataType.FLOAT32);
            long row = 0;
            int col = 0;
            for (int i = 0; i < modules.size(); i++) {
                Optional<LoraAdapter.LoraPair> pair = adapter.pair(modules.get(i));
                if (pair.isPresent()) {
                    LoraAdapter.LoraPair p = pair.get();
                    if (p.inFeatures() != in || p.outFeatures() != outs[i]) {
                        throw new InvalidInputException("adapter_model.safetensors: " + p.module(), "LoRA shape ("
                                + p.outFeatures() + ", " + p.inFeatures() + ") does not fit the base weight ("
                                + outs[i] + ", " + in + ")");
                    }
                    as.add(loader.f32(p.a(), p.rank(), in));
                    try (NDArray bi = loader.f32(p.b(), outs[i], p.rank()); NDArray scaled = bi.mul(p.scale())) {
                        b.set(new NDIndex().addSliceDim(row, row + outs[i]).addSliceDim(col, col + p.rank()), scaled);
                    }
                    col += p.rank();
                    used.add(p.module());
                }
                row += outs[i];
            }
            NDArray a = as.size() == 1 ? as.get(0) : NDArrays.concat(as, 0);
            Delta d = new Delta(loader.keep(a), loader.keep(b));
            if (as.size() > 1) {
                as.close();
            }
            return d;
        }

        void checkAllUsed() {
            Set<String> unused = new HashSet<>(adapter.pairs().keySet());
            unused.removeAll(used);
            if (!unused.isEmpty()) {
                throw new InvalidInputException("adapter_model.safetensors", "targets modules this model does not "
                        + "have: " + unused.stream().sorted().limit(5).toList());
            }
        }
    }
}
