package org.strokekg.ingest.resolve;

import java.util.List;

/**
 * Two entities that may be one concept, for a curator to confirm: the one to keep (curated id, simplified name, more
 * relations), the one to merge into it, a score in [0, 1], the evidence in words, and the command that merges them.
 */
public record DuplicatePair(Side keep, Side merge, double score, List<String> reasons, String command) {

    public DuplicatePair {
        reasons = List.copyOf(reasons);
    }

    /** One entity of the pair. */
    public record Side(String id, String type, String name, long relations) {
    }
}
