package org.strokekg.rag;

import java.util.List;
import java.util.Set;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Quote;
import org.strokekg.rag.Evidence.Role;

/**
 * The evidence a model is given, numbered: the focus's description, the facts selected for the frame (a caution says
 * so in its text, so the model cannot take it for a recommendation), then the passage sentences with their subject.
 * The model sees the same selection the composed answer is made from, never the whole neighbourhood.
 */
final class ModelEvidence {

    private ModelEvidence() {
    }

    static List<Answer.Citation> numbered(Evidence ev) {
        EvidenceBook book = new EvidenceBook();
        ev.focus().filter(e -> !e.description().isBlank()).ifPresent(book::cite);
        for (Fact f : ev.facts()) {
            for (Relation r : f.path().relationships()) {
                Entity s = GraphEvidence.node(f.path(), r.startId());
                Entity o = GraphEvidence.node(f.path(), r.endId());
                String text = Phrases.clause(r.type(), s.name(), o.name(), false)
                        + r.evidence().map(e -> "（" + e + "）").orElse("");
                if (f.role() == Role.CAUTION) {
                    text = "（注意：可能不适用于该患者，" + cautionReason(f) + "）" + text;
                }
                book.cite(r, text);
            }
        }
        for (Quote q : ev.quotes()) {
            book.cite(q.doc(), (q.subject().isEmpty() ? "" : q.subject() + "：") + String.join("", q.sentences()));
        }
        return book.citations();
    }

    /** The paths whose relations were given to the model (those its answer may cite). */
    static List<GraphPath> given(Evidence ev, Set<String> givenIds) {
        return ev.facts().stream().map(Fact::path)
                .filter(p -> p.relationships().stream().anyMatch(r -> givenIds.contains(r.id()))).toList();
    }

    private static String cautionReason(Fact f) {
        return switch (f.why()) {
            case BLEEDING_RISK -> "抗栓治疗，患者有出血或血小板减少";
            case CONTRAINDICATED -> "存在禁忌";
            case CHILD -> "资料针对成人，患者是儿童";
            case PREGNANCY -> "孕期用药";
            case ALLERGY -> "患者有过敏";
            case VALVULAR -> "该推荐针对非瓣膜性房颤，患者有心脏瓣膜病";
            case NONE -> "";
        };
    }
}
