package org.strokekg.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadCacheTest {

    private final AtomicLong generation = new AtomicLong();

    private ReadCache<List<String>> cache(long maxWeight, long ttlNanos) {
        return new ReadCache<>(generation::get, List::size, maxWeight, ttlNanos);
    }

    @Test
    void aWriteMakesEveryEntryStale() {
        ReadCache<List<String>> cache = cache(100, Long.MAX_VALUE);
        cache.put("stroke", List.of("a", "b"), cache.generation());
        assertThat(cache.get("stroke")).contains(List.of("a", "b"));
        generation.incrementAndGet();
        assertThat(cache.get("stroke")).isEmpty();
    }

    @Test
    void aValueReadWhileTheGraphChangedIsNotKept() {
        ReadCache<List<String>> cache = cache(100, Long.MAX_VALUE);
        long before = cache.generation();
        generation.incrementAndGet(); // a write overlapped the read
        cache.put("stroke", List.of("a"), before);
        assertThat(cache.get("stroke")).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheWeightIsExceeded() {
        ReadCache<List<String>> cache = cache(40, Long.MAX_VALUE);
        for (String k : List.of("a", "b", "c", "d")) {
            cache.put(k, List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), cache.generation());
        }
        assertThat(cache.get("a")).isPresent(); // a is now the most recent
        cache.put("e", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), cache.generation());
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("e")).isPresent();
    }

    @Test
    void entriesExpire() throws InterruptedException {
        ReadCache<List<String>> cache = cache(100, 1_000_000); // 1 ms
        cache.put("stroke", List.of("a"), cache.generation());
        Thread.sleep(5);
        assertThat(cache.get("stroke")).isEmpty();
    }
}
