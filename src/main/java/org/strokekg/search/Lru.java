package org.strokekg.search;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * A small thread-safe cache that drops its least recently used entries once their weights add up to more than its
 * bound: question vectors (weight one each), search results (weight their hits) and the answer service's readings of
 * recent questions. An entry heavier than the whole bound is not kept.
 */
public final class Lru<K, V> {

    private final int maxWeight;
    private final ToIntFunction<V> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(256, 0.75f, true);
    private int weight;

    public Lru(int maxWeight, ToIntFunction<V> weigher) {
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    public synchronized Optional<V> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    public synchronized void put(K key, V value) {
        int w = weigher.applyAsInt(value);
        if (w > maxWeight) {
            return;
        }
        V old = entries.put(key, value);
        weight += w - (old == null ? 0 : weigher.applyAsInt(old));
        var eldest = entries.values().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            weight -= weigher.applyAsInt(eldest.next());
            eldest.remove();
        }
    }

    public synchronized int weight() {
        return weight;
    }

    public synchronized int size() {
        return entries.size();
    }
}
