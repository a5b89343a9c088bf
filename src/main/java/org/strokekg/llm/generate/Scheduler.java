package org.strokekg.llm.generate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.RetriableException;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.LoraWeights;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.request.GenerationResult;

/**
 * Runs every generation of one loaded model on one thread, in steps: each step takes the next token of every request
 * in flight (and a chunk of a waiting prompt) through one batched forward pass, so the weights are read once for all
 * of them and throughput grows with concurrency. Requests join between steps up to {@link SchedulerOptions#maxBatch()}
 * (the rest wait in arrival order) and leave when they stop, are cancelled, or their sink fails; each has its own KV
 * cache, freed the moment it leaves. A step that fails is retried row by row, so one bad request fails alone.
 */
final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final QwenRuntime runtime;
    private final QwenWeights weights;
    private final boolean onDevice; // tokens picked on the GPU (DeviceSampler), not from logits copied to the host
    private final SchedulerOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Job> waiting = new ArrayDeque<>(); // guarded by lock
    private boolean closed;                                     // guarded by lock
    private final List<Job> active = new ArrayList<>();         // the scheduler's thread only
    private final Thread thread;
    private volatile int running;
    private volatile long steps;
    private volatile long rowSteps;
    private volatile long tokens;

    /** A request in the scheduler: its generation, adapter, cache once admitted, and the tokens of the next step. */
    private static final class Job {
        final Generation generation;
        final Optional<LoraWeights> adapter;
        final Delivery delivery;
        final CompletableFuture<GenerationResult> future = new CompletableFuture<>();
        KvCache cache;
        int[] feed;

        Job(Generation generation, Optional<LoraWeights> adapter, Delivery delivery) {
            this.generation = generation;
            this.adapter = adapter;
            this.delivery = delivery;
        }

        boolean stopped() {
            return generation.isCancelled() || delivery.failure() != null;
        }
    }

    /** A generation to run: its state, the unmerged adapter its tokens go through (empty: the base), its sink. */
    record Entry(Generation generation, Optional<LoraWeights> adapter, Delivery delivery) {
    }

    Scheduler(QwenRuntime runtime, SchedulerOptions options, String name) {
        this.runtime = runtime;
        this.weights = runtime.weights();
        this.onDevice = weights.device().isGpu();
        this.options = options;
        this.thread = Thread.ofPlatform().daemon().name("strokekg-llm-" + name).start(this::loop);
    }

    /**
     * Queues {@code entries} together, so that they are admitted in the same step (as far as the batch has room);
     * their results in the same order. Fails at once when the model is closed.
     */
    List<CompletableFuture<GenerationResult>> submit(List<Entry> entries) {
        List<Job> jobs = new ArrayList<>();
        for (Entry e : entries) {
            jobs.add(new Job(e.generation(), e.adapter(), e.delivery()));
        }
        lock.lock();
        try {
            if (closed) {
                throw new RetriableException("the model is shutting down");
            }
            waiting.addAll(jobs);
            work.signal();
        } finally {
            lock.unlock();
        }
        return jobs.stream().map(j -> j.future).toList();
    }

    /** Requests generating now (at most maxBatch). */
    int running() {
        return running;
    }

    /** Requests waiting for a place. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    SchedulerStats stats() {
        return new SchedulerStats(running, waiting(), steps, rowSteps, runtime.kvCacheBytes(), tokens);
    }

    private void loop() {
        try {
            while (true) {
                List<Job> admitted = new ArrayList<>();
                lock.lock();
                try {
                    dropCancelledWaiting();
                    while (!closed && waiting.isEmpty() && active.isEmpty()) {
                        work.await();
                        dropCancelledWaiting();
                    }
                    if (closed) {
                        return;
                    }
                    while (active.size() + admitted.size() < options.maxBatch() && !waiting.isEmpty()) {
                        admitted.add(waiting.poll());
                    }
                } finally {
                    lock.unlock();
                }
                admitted.forEach(this::admit);
                for (Iterator<Job> it = active.iterator(); it.hasNext(); ) {
                    Job job = it.next();
                    if (job.stopped()) {
                        it.remove();
                        finish(job, true);
                    }
                }
                running = active.size();
                if (!active.isEmpty()) {
                    step();
                    running = active.size();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("the model's scheduler stopped", e);
        } finally {
            shutDown();
        }
    }

    /** Waiting requests cancelled before their turn end now, without running anything. Holds the lock. */
    private void dropCancelledWaiting() {
        for (Iterator<Job> it = waiting.iterator(); it.hasNext(); ) {
            Job job = it.next();
            if (job.stopped()) {
                it.remove();
                finish(job, true);
            }
        }
    }

    private void admit(Job job) {
        if (job.stopped()) {
            finish(job, true);
            return;
        }
        try {
            job.cache = runtime.newCache(job.generation.capacity());
            active.add(job);
        } catch (RuntimeException e) {
            fail(job, e);
        }
    }

    /** One forward step for every active request: a prompt chunk (within the step's prefill budget) or one token. */
    private void step() {
        List<Job> jobs = new ArrayList<>();
        List<Forward.Row> rows = new ArrayList<>();
        int budget = options.prefillChunk();
        for (Job job : active) {
            Generation g = job.generation;
            boolean yieldsToken = true;
            if (g.prefilling()) {
                if (budget == 0) {
                    continue; // its prompt waits for a later step
                }
                job.feed = g.promptChunk(budget);
                budget -= job.feed.length;
                yieldsToken = g.finishesPrompt(job.feed.length);
            } else {
                job.feed = new int[] {g.lastToken()};
            }
            jobs.add(job);
            boolean picks = yieldsToken && g.needsLogits();
            // on a GPU the token is picked where the logits are (only its id is copied back); on the CPU from them
            rows.add(new Forward.Row(job.cache, job.feed, job.adapter, picks && !onDevice,
                    picks && onDevice ? Optional.of(g::pickOnDevice) : Optional.empty()));
        }
        steps++;
        rowSteps += rows.size();
        try {
            Forward.Output out = Forward.step(weights, rows);
            for (int i = 0; i < jobs.size(); i++) {
                apply(jobs.get(i), out.argmax()[i], out.logits()[i]);
            }
        } catch (RuntimeException e) {
            if (jobs.size() == 1) {
                fail(jobs.get(0), e);
                return;
            }
            LOG.warn("a batched step of {} requests failed ({}); running them one by one", jobs.size(), e.toString());
            for (int i = 0; i < jobs.size(); i++) {
                try {
                    Forward.Output out = Forward.step(weights, List.of(rows.get(i)));
                    apply(jobs.get(i), out.argmax()[0], out.logits()[0]);
                } catch (RuntimeException alone) {
                    fail(jobs.get(i), alone);
                }
            }
        }
    }

    /** A step's result for one request: prompt progress, or its next token. */
    private void apply(Job job, int argmax, float[] logits) {
        Generation g = job.generation;
        if (g.prefilling()) {
            g.prefilled(job.feed.length);
            if (g.prefilling()) {
                return; // more prompt to run: this step's logits are not the next token's
            }
        }
        boolean more;
        tokens++; // the scheduler's thread only: the volatile write publishes it to the metrics' reads
        try {
            more = g.accept(argmax, g.needsLogits() && !onDevice ? logits : null);
        } catch (RuntimeException e) {
            fail(job, e);
            return;
        }
        if (!more) {
            active.remove(job);
            finish(job, false);
        }
    }

    private void finish(Job job, boolean cancelled) {
        closeCache(job);
        running = active.size();
        GenerationResult result = job.generation.finish(cancelled);
        job.delivery.end(() -> {
            Throwable sinkFailure = job.delivery.failure();
            if (sinkFailure != null) {
                job.future.completeExceptionally(sinkFailure);
            } else {
                job.future.complete(result);
            }
        });
    }

    private void fail(Job job, Throwable e) {
        active.remove(job);
        closeCache(job);
        running = active.size();
        job.delivery.end(() -> job.future.completeExceptionally(e));
    }

    private static void closeCache(Job job) {
        if (job.cache != null) {
            job.cache.close();
            job.cache = null;
        }
    }

    /** Ends every request left: the model is going away. */
    private void shutDown() {
        List<Job> left = new ArrayList<>(active);
        lock.lock();
        try {
            closed = true;
            left.addAll(waiting);
            waiting.clear();
        } finally {
            lock.unlock();
        }
        RetriableException gone = new RetriableException("the model was closed while generating");
        for (Job job : left) {
            fail(job, gone);
        }
        active.clear();
        running = 0;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
