package org.strokekg.graph;

import java.util.List;

/**
 * What merging entity {@code fromId} into {@code intoId} did, recorded as batch {@code batchId} (kind {@code merge}):
 * relations re-attached to the survivor, folded into a relation it already had (same type, other end and source),
 * or dropped because they joined the two entities; names added to the survivor; passages repointed.
 */
public record MergeResult(String batchId, String intoId, String intoName, String fromId, String fromName, String label,
                          long relationsMoved, long relationsFolded, long relationsDropped, long aliasesAdded,
                          long passagesRepointed, List<String> changedPassageIds) {

    public MergeResult {
        changedPassageIds = List.copyOf(changedPassageIds);
    }
}
