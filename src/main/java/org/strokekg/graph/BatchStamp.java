package org.strokekg.graph;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Which batches a graph holds, in 16 bytes: their number and the XOR of a 64-bit hash of each id. Adding a batch and
 * removing it are the same step, so an index can follow the graph's commits and undos one by one and record the stamp
 * it has reached; at start, a stamp that differs from the graph's means the index missed a change, even one that left
 * every count as it was (an alias-only batch, a merge, a load and an undo by another process).
 *
 * @param count how many batches
 * @param xor   the XOR of their hashes
 */
public record BatchStamp(long count, long xor) {

    private static final String BATCH_IDS = "MATCH (b:Batch) RETURN b.id AS id";

    /** The empty graph's stamp. */
    public static final BatchStamp EMPTY = new BatchStamp(0, 0);

    public static BatchStamp of(Collection<String> batchIds) {
        BatchStamp s = EMPTY;
        for (String id : batchIds) {
            s = s.with(id);
        }
        return s;
    }

    /** Which batches {@code store}'s graph holds now. */
    public static BatchStamp current(GraphStore store) {
        return of(store.read(tx -> tx.run(BATCH_IDS).list(r -> r.get("id").asString())));
    }

    /** The stamp once {@code batchId} is added. */
    public BatchStamp with(String batchId) {
        return new BatchStamp(count + 1, xor ^ hash(batchId));
    }

    /** The stamp once {@code batchId} is removed. */
    public BatchStamp without(String batchId) {
        return new BatchStamp(count - 1, xor ^ hash(batchId));
    }

    /** {@code count:hex}, as recorded with an index. */
    @Override
    public String toString() {
        return count + ":" + HexFormat.of().toHexDigits(xor);
    }

    public static Optional<BatchStamp> parse(String s) {
        int colon = s == null ? -1 : s.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BatchStamp(Long.parseLong(s.substring(0, colon)),
                    Long.parseUnsignedLong(s.substring(colon + 1), 16)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long hash(String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
