package org.strokekg.search;

/**
 * An entity named in a question.
 *
 * @param surface the question's own text for the mention
 * @param start UTF-16 offset of the mention in the question as given (not the folded form)
 * @param end exclusive end offset
 * @param score 1 for a name, 0.9 for an alias, below 0.8 for a fuzzy match (scaled by its similarity)
 */
public record EntityMention(String entityId, String type, String name, String surface, int start, int end, How how,
                            double score) {

    /** How the mention was found. */
    public enum How {
        /** The entity's canonical name, in either script. */
        NAME,
        /** One of its aliases (traditional, English, abbreviation, synonym). */
        ALIAS,
        /** A near miss: an edit away from a Latin name, or most of the character bigrams of a Chinese one. */
        FUZZY
    }
}
