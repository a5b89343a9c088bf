package org.strokekg;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Optional;
import java.util.function.Supplier;
import org.strokekg.graph.BatchPlan;
import org.strokekg.graph.BatchStamp;
import org.strokekg.graph.BatchStore;
import org.strokekg.graph.FactRef;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphExport;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.GraphStats;
import org.strokekg.ingest.IndexSync;
import org.strokekg.search.EntityDoc;
import org.strokekg.search.EntityIndex;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageIndex;
import org.strokekg.trust.Trust;

/**
 * Keeps the Lucene indexes in step with the graph, which is the system of record: after a commit the batch's entities
 * are re-read from the graph and re-indexed and its passages added; after an undo, removed ones leave the index.
 * Also rebuilds both indexes from the graph ({@code strokekg index}, or at start when they are not in step).
 * <p>
 * Each index records with its commits the {@link BatchStamp} of the graph it has followed: the stamp is moved on by
 * every commit, undo and merge this process makes and tells, so at start an index that missed a change (a crash
 * between the graph's commit and the index's, another process's write, an alias-only batch that changed no count) is
 * found and rebuilt, however the counts compare.
 */
final class SearchSync implements IndexSync {

    private static final Logger log = LoggerFactory.getLogger(SearchSync.class);

    private final GraphQueries graph;
    private final GraphExport export;
    private final EntityIndex entities;
    private final PassageIndex passages;
    private final Supplier<BatchStamp> graphStamp;
    /** The stamp both indexes reflect; empty until the start-up check has set it (a change before is not stamped). */
    private Optional<BatchStamp> followed = Optional.empty();

    SearchSync(GraphQueries graph, GraphExport export, EntityIndex entities, PassageIndex passages,
               Supplier<BatchStamp> graphStamp) {
        this.graph = graph;
        this.export = export;
        this.entities = entities;
        this.passages = passages;
        this.graphStamp = graphStamp;
    }

    /** Moves the recorded stamp on by one batch added or removed, once the change is in both indexes. */
    private synchronized void follow(java.util.function.UnaryOperator<BatchStamp> change) {
        followed = followed.map(change);
        followed.ifPresent(s -> {
            entities.recordGraphStamp(s.toString());
            passages.recordGraphStamp(s.toString());
        });
    }

    @Override
    public void batchWritten(String batchId) {
        follow(s -> s.with(batchId));
    }

    @Override
    public void committed(BatchPlan plan) {
        // new entities are indexed as the plan wrote them (one a standing retraction withdrew is not: it links nothing);
        // only entities that gained names are re-read from the graph
        List<EntityDoc> created = plan.newEntities().stream()
                .filter(e -> !plan.decided(FactRef.entity(e.id())).retracted())
                .map(e -> new EntityDoc(e.id(), e.type(), e.name(), e.aliases(), e.description())).toList();
        List<String> changed = plan.touched().stream()
                .filter(t -> !t.addAliases().isEmpty() || t.description().isPresent())
                .map(BatchPlan.EntityTouch::id).toList();
        List<EntityDoc> docs = new ArrayList<>(created);
        if (!changed.isEmpty()) {
            graph.entities(changed).forEach(e -> docs.add(doc(e)));
        }
        if (!docs.isEmpty()) {
            entities.upsert(docs);
        }
        List<PassageDoc> texts = plan.passages().stream()
                .filter(p -> !plan.decided(FactRef.passage(p.id())).retracted())
                .map(p -> new PassageDoc(p.id(), p.title(), p.text(), p.source(), p.entityIds(), plan.header().id(),
                        p.topic().orElse(""), p.lang(), p.translationOf().orElse(""), p.population().orElse(""),
                        plan.decided(FactRef.passage(p.id())).reviewed()
                                ? plan.header().trust().max(Trust.REVIEWED) : plan.header().trust()))
                .toList();
        if (!texts.isEmpty()) {
            passages.add(texts);
        }
        follow(s -> s.with(plan.header().id()));
    }

    @Override
    public Hold deferBackground() {
        AutoCloseable hold = passages.holdVectors();
        return () -> {
            try {
                hold.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Override
    public void undone(BatchStore.UndoResult undo) {
        if (!undo.deletedEntityIds().isEmpty()) {
            entities.delete(undo.deletedEntityIds());
        }
        reindex(undo.changedEntityIds());
        if (!undo.deletedPassageIds().isEmpty()) {
            passages.delete(undo.deletedPassageIds());
        }
        reindexPassages(undo.changedPassageIds());
        follow(s -> s.without(undo.batchId()));
    }

    @Override
    public void entitiesChanged(List<String> changedEntityIds, List<String> deletedEntityIds,
                                List<String> changedPassageIds) {
        if (!deletedEntityIds.isEmpty()) {
            entities.delete(deletedEntityIds);
        }
        reindex(changedEntityIds);
        reindexPassages(changedPassageIds);
    }

    /**
     * Re-reads these passages from the graph and re-indexes them (their entity links or level changed: a merge, an
     * undo, a review); one gone from the graph or retracted leaves the index. Unchanged text keeps its vector.
     */
    private void reindexPassages(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<GraphExport.Passage> found = export.passages(ids).stream().filter(p -> !p.retracted()).toList();
        if (!found.isEmpty()) {
            passages.add(found.stream().map(SearchSync::doc).toList());
        }
        List<String> gone = new ArrayList<>(ids);
        found.forEach(p -> gone.remove(p.id()));
        if (!gone.isEmpty()) {
            passages.delete(gone);
        }
    }

    /**
     * Re-reads these entities from the graph and re-indexes them (an entity gone from the graph, or retracted, leaves
     * the index: it links no question).
     */
    void reindex(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<Entity> found = graph.entities(ids).stream().filter(e -> !e.retracted()).toList();
        if (!found.isEmpty()) {
            entities.upsert(found.stream().map(SearchSync::doc).toList());
        }
        List<String> gone = new ArrayList<>(ids);
        found.forEach(e -> gone.remove(e.id()));
        if (!gone.isEmpty()) {
            entities.delete(gone);
        }
    }

    /**
     * True when both indexes recorded the graph's current stamp and hold as many entities and passages as it does,
     * and the passage index has today's fields (trust levels, languages); then this process follows the graph from
     * here.
     */
    synchronized boolean inStep() {
        BatchStamp now = graphStamp.get();
        String stamp = now.toString();
        GraphStats s = graph.stats();
        boolean inStep = !passages.stale()
                && entities.graphStamp().filter(stamp::equals).isPresent()
                && passages.graphStamp().filter(stamp::equals).isPresent()
                && s.entities() == entities.count() && s.passages() == passages.count();
        if (inStep) {
            followed = Optional.of(now);
        } else {
            log.info("indexes not in step with the graph (graph {}, entity index {}, passage index {}, fields {})",
                    stamp, entities.graphStamp().orElse("none"), passages.graphStamp().orElse("none"),
                    passages.stale() ? "old" : "current");
        }
        return inStep;
    }

    /** Rebuilds both indexes from the graph, and records the graph's stamp with them. */
    synchronized void rebuild() {
        long t0 = System.nanoTime();
        // read before the export: a write during it leaves the recorded stamp behind, so the next start rebuilds again
        BatchStamp stamp = graphStamp.get();
        List<EntityDoc> docs = new ArrayList<>();
        export.entities(e -> {
            if (!e.retracted()) {
                docs.add(doc(e));
            }
        });
        entities.replaceAll(docs);
        List<PassageDoc> texts = new ArrayList<>();
        export.passages(p -> {
            if (!p.retracted()) {
                texts.add(doc(p));
            }
        });
        passages.replaceAll(texts);
        entities.recordGraphStamp(stamp.toString());
        passages.recordGraphStamp(stamp.toString());
        followed = Optional.of(stamp);
        log.info("indexes rebuilt from the graph: {} entities, {} passages in {} ms", docs.size(), texts.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    static PassageDoc doc(GraphExport.Passage p) {
        return new PassageDoc(p.id(), p.title(), p.text(), p.source(), p.entityIds(), p.batch(), p.topic(), p.lang(),
                p.translationOf(), p.population(), p.trust());
    }

    static EntityDoc doc(Entity e) {
        return new EntityDoc(e.id(), e.type(), e.name(), e.aliases(), e.description());
    }
}
