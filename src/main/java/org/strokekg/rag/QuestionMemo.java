package org.strokekg.rag;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.strokekg.search.Lru;
import org.strokekg.trust.Trust;

/**
 * What was read of recent questions, so that a question asked again is not read again: its linking, the trusted heads
 * of its mentions, the frame ({@link FrameReader}) and the emergency notice that fits it were a third of a repeated
 * answer's CPU (docs/benchmarks.md, "Where an answer's CPU goes"), and they depend on nothing but the question, the
 * request's trust level, the entity dictionary and the graph. A value is kept under its question and trust level and
 * is used only while neither the dictionary ({@code linking}) nor the graph ({@code graph}) has changed since it was
 * read, and for at most {@link #KEEP_SECONDS}: it is then exactly what reading the question again would give. Bounded
 * by its number of entries (least recently used dropped first: {@link Lru}); thread-safe.
 *
 * @param <V> what is kept of a question (immutable: it is shared by the requests that ask it)
 */
final class QuestionMemo<V> {

    /** Questions kept: the answer benchmark's 2,078 questions at two trust levels, each a few kilobytes. */
    static final int MAX_ENTRIES = 5_000;
    /**
     * How long a value may be used: as long as the graph's read caches keep the reads under it (an edit by hand that
     * changes no count is seen only then), ten minutes.
     */
    static final int KEEP_SECONDS = 600;

    private record Key(String question, Trust minTrust) {
    }

    private record Kept<V>(V value, long linking, long graph, long readAt) {
    }

    private final LongSupplier linking;
    private final LongSupplier graph;
    private final long keepNanos;
    private final Lru<Key, Kept<V>> entries;

    /**
     * @param linking the entity dictionary's generation ({@link org.strokekg.search.EntityIndex#generation})
     * @param graph   the graph's generation ({@link org.strokekg.graph.GraphQueries#generation})
     */
    QuestionMemo(LongSupplier linking, LongSupplier graph) {
        this(linking, graph, MAX_ENTRIES, TimeUnit.SECONDS.toNanos(KEEP_SECONDS));
    }

    QuestionMemo(LongSupplier linking, LongSupplier graph, int maxEntries, long keepNanos) {
        this.linking = linking;
        this.graph = graph;
        this.keepNanos = keepNanos;
        this.entries = new Lru<>(maxEntries, k -> 1);
    }

    /** What is read of {@code question} (stripped) at {@code minTrust}: the kept value while it is current, else {@code read}'s. */
    V get(String question, Trust minTrust, Supplier<V> read) {
        Key key = new Key(question, minTrust);
        // the generations before the reading: a change while it is read leaves it kept under the old ones, never used
        long l = linking.getAsLong();
        long g = graph.getAsLong();
        long now = System.nanoTime();
        Kept<V> k = entries.get(key).orElse(null);
        if (k != null && k.linking() == l && k.graph() == g && now - k.readAt() <= keepNanos) {
            return k.value();
        }
        V v = read.get();
        entries.put(key, new Kept<>(v, l, g, now));
        return v;
    }

    int size() {
        return entries.size();
    }
}
