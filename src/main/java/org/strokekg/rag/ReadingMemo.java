package org.strokekg.rag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.strokekg.trust.Trust;

/**
 * The frame stage's readings of recent questions, so that a question asked again is not read again: its linking, the
 * trusted heads of its mentions and the frame ({@link FrameReader}) were a third of a repeated answer's CPU
 * (docs/benchmarks.md, "Where an answer's CPU goes"), and they depend on nothing but the question, the request's trust
 * level, the entity dictionary and the graph. A reading is kept under its question and trust level and is used only
 * while neither the dictionary ({@code linking}) nor the graph ({@code graph}) has changed since it was read, and for at
 * most {@link #KEEP_SECONDS}: it is then exactly what reading the question again would give. Bounded by its number of
 * entries (least recently used dropped first); thread-safe.
 */
final class ReadingMemo {

    /** Readings kept: the answer benchmark's 2,078 questions at two trust levels, each a few kilobytes. */
    static final int MAX_ENTRIES = 5_000;
    /**
     * How long a reading may be used: the graph reads under it are themselves kept for up to ten minutes (an edit by
     * hand that changes no count is seen only then); this adds at most a minute to that.
     */
    static final int KEEP_SECONDS = 60;

    private record Key(String question, Trust minTrust) {
    }

    private record Kept(FrameReader.Reading reading, long linking, long graph, long readAt) {
    }

    private final LongSupplier linking;
    private final LongSupplier graph;
    private final int maxEntries;
    private final long keepNanos;
    private final Map<Key, Kept> entries;

    /**
     * @param linking the entity dictionary's generation ({@link org.strokekg.search.EntityIndex#generation})
     * @param graph   the graph's generation ({@link org.strokekg.graph.GraphQueries#generation})
     */
    ReadingMemo(LongSupplier linking, LongSupplier graph) {
        this(linking, graph, MAX_ENTRIES, TimeUnit.SECONDS.toNanos(KEEP_SECONDS));
    }

    ReadingMemo(LongSupplier linking, LongSupplier graph, int maxEntries, long keepNanos) {
        this.linking = linking;
        this.graph = graph;
        this.maxEntries = maxEntries;
        this.keepNanos = keepNanos;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Kept> eldest) {
                return size() > ReadingMemo.this.maxEntries;
            }
        };
    }

    /** The reading of {@code question} (stripped) at {@code minTrust}: the kept one while it is current, else {@code read}'s. */
    FrameReader.Reading get(String question, Trust minTrust, Supplier<FrameReader.Reading> read) {
        Key key = new Key(question, minTrust);
        // the generations before the reading: a change while it is read leaves it kept under the old ones, never used
        long l = linking.getAsLong();
        long g = graph.getAsLong();
        long now = System.nanoTime();
        synchronized (this) {
            Kept k = entries.get(key);
            if (k != null && k.linking() == l && k.graph() == g && now - k.readAt() <= keepNanos) {
                return k.reading();
            }
        }
        FrameReader.Reading r = read.get();
        synchronized (this) {
            entries.put(key, new Kept(r, l, g, now));
        }
        return r;
    }

    synchronized int size() {
        return entries.size();
    }
}
