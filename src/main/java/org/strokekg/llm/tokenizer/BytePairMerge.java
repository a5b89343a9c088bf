package org.strokekg.llm.tokenizer;

import java.util.Arrays;
import java.util.Map;

/**
 * tiktoken's byte-pair merge: starting from single bytes, repeatedly join the adjacent pair whose joined bytes have the
 * lowest rank (the leftmost on a tie) until no joined pair is a token. tiktoken rescans the parts after every merge
 * (quadratic in the piece); a heap of candidate pairs gives the same merges in n log n, which matters for a long run
 * of letters such as a Chinese paragraph without punctuation.
 */
final class BytePairMerge {

    private static final int NONE = Integer.MAX_VALUE;

    private BytePairMerge() {
    }

    /**
     * Appends the ids of {@code piece} (bytes as Latin-1 chars) to {@code out}. A part starts at byte i and ends where
     * the next part starts ({@code next[i]}); {@code pairRank[i]} is the rank of part i joined with its successor.
     */
    static void merge(String piece, Map<String, Integer> ranks, TiktokenTokenizer.IntList out) {
        int n = piece.length();
        int[] next = new int[n];
        int[] prev = new int[n];
        int[] pairRank = new int[n];
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i < n; i++) {
            next[i] = i + 1;
            prev[i] = i - 1;
            pairRank[i] = i + 2 <= n ? rank(piece, i, i + 2, ranks) : NONE;
            heap.push(pairRank[i], i);
        }
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int r = (int) (top >>> 32);
            int i = (int) top;
            if (r == NONE) {
                break; // everything left is unmergeable
            }
            if (pairRank[i] != r) {
                continue; // stale: part i changed since this candidate was pushed (ranks name their bytes uniquely)
            }
            int j = next[i];
            int k = next[j];
            next[i] = k;
            if (k < n) {
                prev[k] = i;
            }
            pairRank[j] = NONE;
            pairRank[i] = k < n ? rank(piece, i, next[k], ranks) : NONE;
            heap.push(pairRank[i], i);
            int p = prev[i];
            if (p >= 0) {
                pairRank[p] = rank(piece, p, k, ranks);
                heap.push(pairRank[p], p);
            }
        }
        for (int i = 0; i < n; i = next[i]) {
            out.add(ranks.get(piece.substring(i, next[i])));
        }
    }

    private static int rank(String piece, int from, int to, Map<String, Integer> ranks) {
        Integer r = ranks.get(piece.substring(from, to));
        return r == null ? NONE : r;
    }

    /** A binary min-heap of (rank, position) packed into longs, so equal ranks pop leftmost first. */
    private static final class LongHeap {
        private long[] items;
        private int size;

        LongHeap(int capacity) {
            items = new long[Math.max(4, capacity * 2)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(int rank, int position) {
            if (rank == NONE) {
                return;
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            long v = ((long) rank << 32) | position;
            int i = size++;
            while (i > 0 && items[(i - 1) / 2] > v) {
                items[i] = items[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            items[i] = v;
        }

        long pop() {
            long top = items[0];
            long last = items[--size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && items[c + 1] < items[c]) {
                    c++;
                }
                if (items[c] >= last) {
                    break;
                }
                items[i] = items[c];
                i = c;
            }
            items[i] = last;
            return top;
        }
    }
}
