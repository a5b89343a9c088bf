package org.strokekg.search;

/**
 * One result of the entity search box.
 *
 * @param matchedKey the folded name or alias that matched
 * @param score orders the tiers: exact 3–4, prefix 2–3, contains 1–2, fuzzy below 1; within a tier, closer keys higher
 */
public record EntityHit(EntityDoc entity, Match match, String matchedKey, double score) {

    public enum Match {
        EXACT, PREFIX, CONTAINS, FUZZY
    }
}
