package org.strokekg.ingest.resolve;

/**
 * How a load finds the entity a written name means; chosen for the curation service
 * ({@code org.strokekg.ingest.Curation#matching}).
 */
public enum NameMatching {

    /** By name or alias, in either script, case-folded, within type groups: what every load of the product does. */
    RESOLVED,

    /**
     * Only the same type and the same written name (no folding, no aliases, no type groups), so every distinct (type,
     * written name) becomes its own entity: the baseline that resolution is measured against
     * ({@code strokekg bench ingest --no-resolution}, on a throw-away graph). A batch loaded this way has an id of its
     * own, so it never passes for the resolved batch of the same content.
     */
    LITERAL
}
