package org.strokekg.rag;

import org.strokekg.graph.Entity;
import org.strokekg.graph.Relation;
import org.strokekg.search.PassageDoc;
import org.strokekg.trust.Trust;

/**
 * Whether a fact, an entity or a passage is trusted knowledge: curated by the team (the seed and what curators load,
 * each fact naming its guideline or textbook) or reviewed by a curator, rather than the unreviewed bulk of the xywy
 * crawl. The evidence stage prefers it and, at the default level, states nothing else where it answers; what a request
 * may state at all is the {@link TrustGate}'s decision.
 */
final class Provenance {

    private Provenance() {
    }

    /** A fact the answer prefers: curated, or reviewed by a curator (then it counts as curated knowledge). */
    static boolean curated(Relation r) {
        return r.trust().atLeast(Trust.REVIEWED);
    }

    /** An entity the trusted knowledge defines (its description then is a trusted one), not one only a crawl names. */
    static boolean curated(Entity e) {
        return e.trust().atLeast(Trust.REVIEWED);
    }

    static boolean curated(PassageDoc p) {
        return p.trust().atLeast(Trust.REVIEWED);
    }
}
