package org.strokekg.rag;

import org.strokekg.graph.Relation;
import org.strokekg.search.PassageDoc;

/**
 * Whether a fact or a passage comes from curated knowledge (the team's seed and what curators load, each fact naming
 * its guideline or textbook) rather than the bulk xywy crawl. The evidence stage prefers curated facts and states others only where no curated
 * fact answers; this is the one place that decides it, to be replaced by the trust levels of the trusted-knowledge work
 * (a relation's and a passage's own trust) when they land.
 */
final class Provenance {

    private Provenance() {
    }

    /**
     * Whether a fact may be stated by default: curated knowledge only. Bulk-loaded facts (the xywy crawl) are not
     * stated, however fitting their type: precision before recall, until the trust levels let a request ask for them
     * labelled.
     */
    static boolean stated(Relation r) {
        return curated(r);
    }

    static boolean curated(Relation r) {
        return !r.source().startsWith(CRAWL_SOURCE);
    }

    /** An entity the curated knowledge defines (its description then is the curated one), not one only a crawl names. */
    static boolean curated(org.strokekg.graph.Entity e) {
        return e.sources().stream().anyMatch(s -> !s.startsWith(CRAWL_SOURCE));
    }

    /** How the xywy crawl's facts and entities name their source. */
    static final String CRAWL_SOURCE = "xywy.com";

    static boolean curated(PassageDoc p) {
        // the seed's passages are the curated ones: ids p-<topic>-NNN, a named guideline or textbook as source
        return p.id().startsWith("p-") && !p.source().isBlank();
    }
}
