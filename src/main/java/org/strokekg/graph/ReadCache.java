package org.strokekg.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * A small least-recently-used cache of read results, bounded by their total weight (hops or paths held). An entry is
 * valid only while the graph generation it was read at is current (this process wrote nothing since), and for at most
 * {@code ttlNanos}, which bounds how stale it can be when another process writes to a shared Neo4j.
 */
final class ReadCache<V> {

    private record Entry<V>(V value, int weight, long generation, long readAt) {
    }

    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final LongSupplier generation;
    private final ToIntFunction<V> weigher;
    private final long maxWeight;
    private final long ttlNanos;
    private long weight;

    ReadCache(LongSupplier generation, ToIntFunction<V> weigher, long maxWeight, long ttlNanos) {
        this.generation = generation;
        this.weigher = weigher;
        this.maxWeight = maxWeight;
        this.ttlNanos = ttlNanos;
    }

    /** The generation to pass to {@link #put} for a value about to be read. */
    long generation() {
        return generation.getAsLong();
    }

    Optional<V> get(String key) {
        long current = generation.getAsLong();  // outside the lock: it may ask the graph (GraphStore#generation)
        synchronized (this) {
            Entry<V> e = entries.get(key);
            if (e == null) {
                return Optional.empty();
            }
            if (e.generation() != current || System.nanoTime() - e.readAt() > ttlNanos) {
                remove(key);
                return Optional.empty();
            }
            return Optional.of(e.value());
        }
    }

    /** Keeps a value read at {@code readGeneration}, unless the graph has changed since. */
    void put(String key, V value, long readGeneration) {
        if (readGeneration != generation.getAsLong()) {
            return;
        }
        synchronized (this) {
            keep(key, value, readGeneration);
        }
    }

    private void keep(String key, V value, long readGeneration) {
        int w = Math.max(1, weigher.applyAsInt(value));
        if (w > maxWeight / 4) {
            return;
        }
        remove(key);
        entries.put(key, new Entry<>(value, w, readGeneration, System.nanoTime()));
        weight += w;
        var it = entries.entrySet().iterator();
        while (weight > maxWeight && it.hasNext()) {
            Map.Entry<String, Entry<V>> eldest = it.next();
            weight -= eldest.getValue().weight();
            it.remove();
        }
    }

    private void remove(String key) {
        Entry<V> old = entries.remove(key);
        if (old != null) {
            weight -= old.weight();
        }
    }
}
