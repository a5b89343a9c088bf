package org.strokekg.ingest;

import org.strokekg.graph.BatchPlan;
import org.strokekg.graph.BatchStore;

/**
 * Keeps the search indexes in step with the graph: told after a batch is committed and after one is undone. The
 * composition root implements it over the Lucene entity and passage indexes (search does not know the graph).
 */
public interface IndexSync {

    IndexSync NONE = new IndexSync() {
        @Override
        public void committed(BatchPlan plan) {
        }

        @Override
        public void undone(BatchStore.UndoResult undo) {
        }
    };

    void committed(BatchPlan plan);

    void undone(BatchStore.UndoResult undo);
}
