package org.strokekg;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.graph.BatchPlan;
import org.strokekg.graph.BatchStore;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphExport;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.GraphStats;
import org.strokekg.ingest.IndexSync;
import org.strokekg.search.EntityDoc;
import org.strokekg.search.EntityIndex;
import org.strokekg.search.PassageDoc;
import org.strokekg.search.PassageIndex;

/**
 * Keeps the Lucene indexes in step with the graph, which is the system of record: after a commit the batch's entities
 * are re-read from the graph and re-indexed and its passages added; after an undo, removed ones leave the index.
 * Also rebuilds both indexes from the graph ({@code strokekg index}, or at start when the counts disagree).
 */
final class SearchSync implements IndexSync {

    private static final Logger log = LoggerFactory.getLogger(SearchSync.class);

    private final GraphQueries graph;
    private final GraphExport export;
    private final EntityIndex entities;
    private final PassageIndex passages;

    SearchSync(GraphQueries graph, GraphExport export, EntityIndex entities, PassageIndex passages) {
        this.graph = graph;
        this.export = export;
        this.entities = entities;
        this.passages = passages;
    }

    @Override
    public void committed(BatchPlan plan) {
        // new entities are indexed as the plan wrote them; only entities that gained names are re-read from the graph
        List<EntityDoc> created = plan.newEntities().stream()
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
        if (!plan.passages().isEmpty()) {
            passages.add(plan.passages().stream().map(p -> new PassageDoc(p.id(), p.title(), p.text(), p.source(),
                    p.entityIds(), plan.header().id(), p.topic().orElse(""), p.lang(), p.translationOf().orElse("")))
                    .toList());
        }
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

    /** Re-reads these passages from the graph and re-indexes them (their entity links changed, e.g. by a merge). */
    private void reindexPassages(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<GraphExport.Passage> found = export.passages(ids);
        passages.add(found.stream().map(SearchSync::doc).toList());
    }

    /** Re-reads these entities from the graph and re-indexes them (an entity gone from the graph leaves the index). */
    void reindex(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<Entity> found = graph.entities(ids);
        entities.upsert(found.stream().map(SearchSync::doc).toList());
        List<String> gone = new ArrayList<>(ids);
        found.forEach(e -> gone.remove(e.id()));
        if (!gone.isEmpty()) {
            entities.delete(gone);
        }
    }

    /** True when the indexes hold as many entities and passages as the graph (a cheap staleness check at start). */
    boolean inStep() {
        GraphStats s = graph.stats();
        return s.entities() == entities.count() && s.passages() == passages.count();
    }

    /** Rebuilds both indexes from the graph. */
    void rebuild() {
        long t0 = System.nanoTime();
        List<EntityDoc> docs = new ArrayList<>();
        export.entities(e -> docs.add(doc(e)));
        entities.replaceAll(docs);
        List<PassageDoc> texts = new ArrayList<>();
        export.passages(p -> texts.add(doc(p)));
        passages.replaceAll(texts);
        log.info("indexes rebuilt from the graph: {} entities, {} passages in {} ms", docs.size(), texts.size(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    static PassageDoc doc(GraphExport.Passage p) {
        return new PassageDoc(p.id(), p.title(), p.text(), p.source(), p.entityIds(), p.batch(), p.topic(), p.lang(),
                p.translationOf());
    }

    static EntityDoc doc(Entity e) {
        return new EntityDoc(e.id(), e.type(), e.name(), e.aliases(), e.description());
    }
}
