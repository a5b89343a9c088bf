package org.strokekg.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strokekg.graph.Entity;
import org.strokekg.graph.Relation;
import org.strokekg.search.PassageDoc;
import org.strokekg.trust.Trust;

/**
 * Numbers evidence in the order the answer first cites it, so {@code [1]} is the first thing the reader meets.
 * Graph facts, entity descriptions and passages share one numbering.
 */
final class EvidenceBook {

    private final Map<String, Answer.Citation> byKey = new LinkedHashMap<>();

    int cite(Relation r, String text) {
        return add("r:" + r.id(), "graph", r.id(), r.source(), text, r.trust());
    }

    int cite(Entity e) {
        return add("e:" + e.id(), "graph", e.id(), e.sources().isEmpty() ? "" : e.sources().getFirst(),
                e.name() + "：" + e.description(), e.descriptionTrust());
    }

    int cite(PassageDoc p) {
        return cite(p, p.title().isBlank() ? p.text() : p.title());
    }

    int cite(PassageDoc p, String text) {
        return add("p:" + p.id(), "passage", p.id(), p.source(), text, p.trust());
    }

    private int add(String key, String kind, String id, String source, String text, Trust trust) {
        Answer.Citation c = byKey.get(key);
        if (c == null) {
            c = new Answer.Citation(byKey.size() + 1, kind, id, source, text, trust);
            byKey.put(key, c);
        }
        return c.n();
    }

    boolean isEmpty() {
        return byKey.isEmpty();
    }

    List<Answer.Citation> citations() {
        return new ArrayList<>(byKey.values());
    }
}
