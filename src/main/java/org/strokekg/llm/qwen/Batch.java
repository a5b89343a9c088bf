package org.strokekg.llm.qwen;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strokekg.error.InvalidInputException;

/**
 * How a step's rows are packed: ordered so that rows of one adapter are contiguous (first appearance first), each
 * row's tokens at an offset of the packed (N, H) activation, and the adapter groups over tokens and over output rows.
 */
final class Batch {

    final Forward.Row[] rows;          // in batch order
    final int[] order;                 // batch position -> index in the caller's list
    final int[] offsets;               // first token of each row in the packed activation
    final long[] splits;               // offsets[1..]: where the packed activation splits into rows
    final int tokens;                  // N
    final boolean allPositions;        // every position goes through the head (one row only)
    final List<Forward.Group> tokenGroups;
    final List<Forward.Group> outputGroups;

    private Batch(Forward.Row[] rows, int[] order, int[] offsets, int tokens, boolean allPositions,
            List<Forward.Group> tokenGroups, List<Forward.Group> outputGroups) {
        this.rows = rows;
        this.order = order;
        this.offsets = offsets;
        this.splits = new long[Math.max(0, rows.length - 1)];
        for (int i = 1; i < rows.length; i++) {
            splits[i - 1] = offsets[i];
        }
        this.tokens = tokens;
        this.allPositions = allPositions;
        this.tokenGroups = tokenGroups;
        this.outputGroups = outputGroups;
    }

    static Batch of(QwenWeights w, List<Forward.Row> given, boolean allPositions) {
        if (given.isEmpty()) {
            throw new IllegalArgumentException("a step needs at least one row");
        }
        if (allPositions && given.size() != 1) {
            throw new IllegalArgumentException("all positions' logits are for one row at a time");
        }
        Set<KvCache> caches = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Map<LoraWeights, List<Integer>> byAdapter = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            Forward.Row row = given.get(i);
            KvCache cache = row.cache();
            if (!caches.add(cache)) {
                throw new IllegalArgumentException("a cache appears twice in one step");
            }
            if (cache.weights() != w || row.adapter().map(a -> a.base != w).orElse(false)) {
                throw new IllegalArgumentException("a cache or an adapter of another model");
            }
            if (cache.runtime() != given.get(0).cache().runtime()) {
                throw new IllegalArgumentException("caches of two runtimes in one step");
            }
            int end = cache.length() + row.tokens().length;
            if (end > cache.capacity()) {
                throw new InvalidInputException("tokens", "position " + end + " is past the cache's "
                        + cache.capacity());
            }
            byAdapter.computeIfAbsent(row.adapter().orElse(null), a -> new ArrayList<>()).add(i);
        }
        Forward.Row[] rows = new Forward.Row[given.size()];
        int[] order = new int[given.size()];
        int[] offsets = new int[given.size()];
        List<Forward.Group> tokenGroups = new ArrayList<>();
        List<Forward.Group> outputGroups = new ArrayList<>();
        int at = 0;
        int n = 0;
        for (Map.Entry<LoraWeights, List<Integer>> e : byAdapter.entrySet()) {
            int firstRow = at;
            int firstToken = n;
            for (int i : e.getValue()) {
                rows[at] = given.get(i);
                order[at] = i;
                offsets[at] = n;
                n += rows[at].tokens().length;
                at++;
            }
            tokenGroups.add(new Forward.Group(e.getKey(), firstToken, n));
            outputGroups.add(allPositions ? new Forward.Group(e.getKey(), 0, n)
                    : new Forward.Group(e.getKey(), firstRow, at));
        }
        return new Batch(rows, order, offsets, n, allPositions, List.copyOf(tokenGroups), List.copyOf(outputGroups));
    }
}
