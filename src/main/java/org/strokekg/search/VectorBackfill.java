package org.strokekg.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.Term;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds, on a thread of its own, the passages that were indexed without a vector (a bulk load: the crawl's prose is
 * about 50,000 passages, an hour of CPU on two cores). Passages are searchable by BM25 from their commit; each vector
 * joins the HNSW graph when its window is written, so answers use vectors where they are ready. The work left is always
 * "passages without a vector" in the index itself, so a restart resumes where the last run stopped. A passage written,
 * replaced or deleted by anyone else while its window was being embedded is left for the next round, never written back
 * from the stale copy.
 */
final class VectorBackfill implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VectorBackfill.class);
    /** Passages embedded between two commits: about 10–40 s of CPU on two cores. */
    static final int WINDOW = 256;
    private static final long IDLE_WAIT_MS = 30_000;
    private static final long RETRY_WAIT_MS = 10_000;

    private final LuceneStore store;
    private final QueryEmbeddings embeddings;
    private final Object signal = new Object();
    private final Set<String> touchedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> touchedBatches = ConcurrentHashMap.newKeySet();
    private volatile boolean touchedAll;
    private volatile boolean closed;
    private volatile boolean working;
    /** Holds taken by bulk loads: while any is held no window starts (the load gets the CPU; see {@link #hold}). */
    private final java.util.concurrent.atomic.AtomicInteger holds = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long pendingWake;
    private final Thread thread;

    VectorBackfill(LuceneStore store, QueryEmbeddings embeddings) {
        this.store = store;
        this.embeddings = embeddings;
        this.thread = Thread.ofPlatform().daemon().name("passage-vectors").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** There are new passages without vectors. */
    void wake() {
        synchronized (signal) {
            pendingWake++;
            signal.notifyAll();
        }
    }

    /**
     * Keeps the embedding out of the way of a bulk load until the hold is closed: a window being embedded is given up
     * at its next batch of 32 (its passages are embedded again later), and none starts until every hold is released.
     */
    AutoCloseable hold() {
        holds.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true) && holds.decrementAndGet() == 0) {
                wake();
            }
        };
    }

    /** Whether a window is being embedded now (or there was work at the last look). */
    boolean working() {
        return working;
    }

    /** Called inside the index's writes: these passages changed under any window being embedded. */
    void touched(Collection<String> ids) {
        touchedIds.addAll(ids);
    }

    void touchedBatch(String batchId) {
        touchedBatches.add(batchId);
    }

    void touchedAll() {
        touchedAll = true;
    }

    private void run() {
        while (!closed) {
            try {
                if (!round()) {
                    idle();
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                log.warn("embedding passages in the background failed, trying again in {} s: {}",
                        RETRY_WAIT_MS / 1000, e.toString());
                sleep(RETRY_WAIT_MS);
            }
        }
    }

    /** Embeds one window and writes it; false when there was nothing to do (or a bulk load holds the work back). */
    private boolean round() {
        if (holds.get() > 0) {
            working = false;
            return false;
        }
        // no write is half done while the marks are cleared: what the window reads next is what a write left
        store.whileNotWriting(() -> {
            touchedIds.clear();
            touchedBatches.clear();
            touchedAll = false;
        });
        List<PassageDoc> window = store.read(s -> PassageVectors.lacking(s, WINDOW));
        if (window.isEmpty()) {
            working = false;
            return false;
        }
        working = true;
        List<float[]> vectors = new ArrayList<>(window.size());
        for (int i = 0; i < window.size(); i += QueryEmbeddings.BATCH) {
            if (closed || holds.get() > 0) {
                return true;
            }
            vectors.addAll(embeddings.passages(window.subList(i, Math.min(window.size(), i + QueryEmbeddings.BATCH))
                    .stream().map(PassageFields::embeddingText).toList()));
        }
        store.write(w -> {
            for (int i = 0; i < window.size(); i++) {
                PassageDoc d = window.get(i);
                if (touchedAll || touchedIds.contains(d.id()) || touchedBatches.contains(d.batchId())) {
                    continue;
                }
                w.updateDocument(new Term(PassageIndex.ID, d.id()), PassageFields.document(d, Optional.of(vectors.get(i))));
            }
        });
        return true;
    }

    private void idle() {
        synchronized (signal) {
            long seen = pendingWake;
            long until = System.currentTimeMillis() + IDLE_WAIT_MS;
            while (!closed && pendingWake == seen && System.currentTimeMillis() < until) {
                try {
                    signal.wait(Math.max(1, until - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void sleep(long ms) {
        synchronized (signal) {
            try {
                signal.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops after the batch being embedded (a few seconds at most); what is left resumes at the next start. */
    @Override
    public void close() {
        closed = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
