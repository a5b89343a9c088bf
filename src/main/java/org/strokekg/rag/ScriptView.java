package org.strokekg.rag;

import java.util.List;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.Relation;
import org.strokekg.text.Script;
import org.strokekg.text.ScriptConverter;

/**
 * Shows an answer's display text in the requested script: names, descriptions, passages, evidence and the answer
 * itself. Ids, sources' identity and aliases stay as stored, so a client can still look them up.
 */
final class ScriptView {

    private final ScriptConverter converter;
    private final Script script;

    ScriptView(ScriptConverter converter, Script script) {
        this.converter = converter;
        this.script = script;
    }

    String text(String s) {
        return s.isEmpty() ? s : converter.convert(s, script);
    }

    Entity entity(Entity e) {
        return e.withTexts(text(e.name()), e.aliases(), text(e.description()));
    }

    Relation relation(Relation r) {
        return new Relation(r.id(), r.type(), r.startId(), r.endId(), r.source(), r.batch(), r.batches(), r.curator(),
                r.createdAt(), r.evidence().map(this::text), r.confidence(), r.trust());
    }

    GraphPath path(GraphPath p) {
        return new GraphPath(p.nodes().stream().map(this::entity).toList(),
                p.relationships().stream().map(this::relation).toList());
    }

    List<GraphPath> paths(List<GraphPath> ps) {
        return ps.stream().map(this::path).toList();
    }

    Answer.Citation citation(Answer.Citation c) {
        return new Answer.Citation(c.n(), c.kind(), c.id(), c.source(), text(c.text()), c.trust());
    }

    Answer.LinkedEntity linked(Answer.LinkedEntity e) {
        return new Answer.LinkedEntity(e.id(), e.type(), text(e.name()), e.aliases(), text(e.description()), e.mention(),
                e.how(), e.descriptionEn());
    }

    /** The frame with its entities' names in the script (ids stay). */
    Frame frame(Frame f) {
        // the unknown subject stays as the question wrote it: it names what the question asked
        return f.withEntities(x -> new Frame.Focus(x.id(), x.type(), text(x.name()), x.mention()));
    }

    Answer.PassageEvidence passage(Answer.PassageEvidence p) {
        return new Answer.PassageEvidence(p.id(), text(p.title()), text(p.text()), p.source(), p.entityIds(), p.score(),
                p.trust());
    }
}
