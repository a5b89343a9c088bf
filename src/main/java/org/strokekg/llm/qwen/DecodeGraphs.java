package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;

/**
 * One model's captured decode steps ({@link DecodeGraph}), by the caches of their rows. A step goes through a graph
 * when the runtime's options allow it and it is a decode step: weights on a GPU, the graph library loaded, every row one
 * new token on the base (or merged) model or, with the fused step ({@link FusedDecode}), on an unmerged adapter of
 * its own, no logits copied to the host (a row's device picker, for sampling, runs op by op on the logits the graph
 * leaves), every cache allocated whole. Any other step, and every step on a CPU, runs op by op as before. The first step of a new set of rows runs
 * and captures; later ones replay. A graph is freed when one of its caches closes or joins another set of rows (a
 * cache is read by one graph at most), or when more than {@link #MOST} are held (the least recently used). A capture that fails turns graphs off for
 * this runtime: the step then runs op by op, as does every later one. Owned by its {@link QwenRuntime}.
 */
final class DecodeGraphs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecodeGraphs.class);
    private static final int MOST = 8;
    private static final int MOST_ROWS = 64;

    private final QwenWeights w;
    private final QwenRuntime.Options options;
    private final boolean gpu;
    private volatile boolean broken; // a capture failed: op by op from now on
    private final LinkedHashMap<List<KvCache>, DecodeGraph> graphs = new LinkedHashMap<>(16, 0.75f, true);
    private long captures;
    private long replays;
    private long captureNanos;

    DecodeGraphs(QwenRuntime runtime) {
        this.w = runtime.weights;
        this.options = runtime.options;
        this.gpu = w.manager.getDevice().isGpu();
    }

    /** The rows' argmax in batch order after a graph ran the step (the caches advanced), or null: run it op by op. */
    synchronized int[] step(Batch b) {
        if (!eligible(b)) {
            return null;
        }
        int r = b.rows.length;
        long[] in = new long[3 * r];
        List<KvCache> key = new ArrayList<>(r);
        int rank = 0;
        for (int i = 0; i < r; i++) {
            int id = b.rows[i].tokens()[0];
            if (id < 0 || id >= w.config.vocabSize()) {
                throw new InvalidInputException("tokens", "id " + id + " is outside the vocabulary");
            }
            in[i] = id;
            in[r + i] = b.rows[i].cache().length();
            if (b.rows[i].adapter().isPresent()) {
                LoraWeights adapter = b.rows[i].adapter().get();
                in[2 * r + i] = adapter.deviceTable();
                rank = Math.max(rank, adapter.maxRank());
            }
            key.add(b.rows[i].cache());
        }
        int[] out;
        DecodeGraph graph = graphs.get(key);
        if (graph != null && rank > 0 && !graph.isFused()) { // held from before the fused step was switched off
            return null;
        }
        if (graph != null) {
            out = graph.replay(b, in);
            replays++;
        } else {
            long t0 = System.nanoTime();
            for (KvCache cache : key) {
                forget(cache); // a graph that reads these caches' arrays: the new one may move them
            }
            NDManager manager = NDManager.newBaseManager(w.manager.getDevice(), "PyTorch");
            DecodeGraph fresh = null;
            try {
                fresh = new DecodeGraph(w, key, manager, options.fusedDecode() ? rank : -1);
                if (rank > 0 && !fresh.isFused()) { // only the fused step takes adapters: this step runs op by op
                    fresh.close();
                    return null;
                }
                out = fresh.capture(b, in);
            } catch (RuntimeException e) {
                if (fresh != null) {
                    fresh.close();
                } else {
                    manager.close();
                }
                broken = true;
                LOG.warn("capturing a decode step of {} rows as a CUDA graph failed; decode steps run op by op from now "
                        + "on", r, e);
                return null;
            }
            captures++;
            captureNanos += System.nanoTime() - t0;
            graphs.put(key, fresh);
            evict();
        }
        for (KvCache cache : key) {
            cache.advance(1);
        }
        return out;
    }

    private boolean eligible(Batch b) {
        if (!gpu || !options.cudaGraphs() || broken || b.allPositions || b.tokens != b.rows.length || b.rows.length > MOST_ROWS
                || !CudaNative.available()) {
            return false;
        }
        for (Forward.Row row : b.rows) {
            KvCache cache = row.cache();
            if (row.fullLogits() || cache.allocated() != cache.capacity() || cache.isClosed()) {
                return false;
            }
            if (row.adapter().isPresent() && !(options.fusedDecode() && FusedDecode.suits(w, b.rows.length)
                    && row.adapter().get().fusable())) {
                return false;
            }
        }
        return true;
    }

    private void evict() {
        Iterator<Map.Entry<List<KvCache>, DecodeGraph>> it = graphs.entrySet().iterator();
        while (graphs.size() > MOST && it.hasNext()) {
            DecodeGraph oldest = it.next().getValue();
            it.remove();
            oldest.close();
        }
    }

    /** Frees the graphs that read or write {@code cache} (it is closing, or joins another graph). */
    synchronized void forget(KvCache cache) {
        for (Iterator<DecodeGraph> it = graphs.values().iterator(); it.hasNext(); ) {
            DecodeGraph g = it.next();
            if (g.caches.contains(cache)) {
                it.remove();
                g.close();
            }
        }
    }

    synchronized CudaGraphs.Stats stats() {
        return new CudaGraphs.Stats(graphs.size(), captures, replays, captureNanos / 1e6);
    }

    @Override
    public synchronized void close() {
        graphs.values().forEach(DecodeGraph::close);
        graphs.clear();
    }
}
