package org.strokekg.ingest;

import java.util.List;
import org.strokekg.graph.BatchPlan;
import org.strokekg.graph.BatchStore;

/**
 * Keeps the search indexes in step with the graph: told after a batch is committed, after one is undone, and after
 * entities change outside a load (a merge). The composition root implements it over the Lucene entity and passage
 * indexes (search does not know the graph).
 */
public interface IndexSync {

    IndexSync NONE = new IndexSync() {
        @Override
        public void committed(BatchPlan plan) {
        }

        @Override
        public void undone(BatchStore.UndoResult undo) {
        }

        @Override
        public void entitiesChanged(List<String> changedEntityIds, List<String> deletedEntityIds,
                                    List<String> changedPassageIds) {
        }
    };

    /** A hold on work the indexes do in the background (passage vectors) while a bulk load runs; none by default. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** Defers the indexes' background work until the hold is closed (see {@link Curation#loadEach}). */
    default Hold deferBackground() {
        return () -> { };
    }

    void committed(BatchPlan plan);

    void undone(BatchStore.UndoResult undo);

    /**
     * Entities changed or were deleted, and passages' entity links changed (a merge): the changed ones are re-read from
     * the graph, the deleted ones leave the index.
     */
    void entitiesChanged(List<String> changedEntityIds, List<String> deletedEntityIds, List<String> changedPassageIds);

    /**
     * A batch was written other than by a load ({@link #committed}) or undone ({@link #undone}), e.g. a merge: the
     * indexes record that they have followed it, so a start can tell them from indexes that missed it.
     */
    default void batchWritten(String batchId) {
    }
}
