package org.strokekg.trust;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How far a piece of knowledge has been checked, from most to least trusted:
 * <ul>
 *   <li>{@link #CURATED}: written by the team from guidelines and textbooks (the seed, guideline-sourced files);</li>
 *   <li>{@link #REVIEWED}: checked by a curator (a curated format loaded by a curator, or a single fact promoted);</li>
 *   <li>{@link #UNREVIEWED}: bulk imports nobody has checked (the xywy crawl, the 39.net alias column).</li>
 * </ul>
 * Written in JSON, Cypher and Lucene as its lower-case name. Answers state knowledge at or above a minimum level
 * ({@link #REVIEWED} by default).
 */
public enum Trust {
    UNREVIEWED, REVIEWED, CURATED;

    /** The level answers require when nothing else is said: curated or reviewed knowledge only. */
    public static final Trust DEFAULT_MIN = REVIEWED;

    /** The name used everywhere outside Java: {@code curated}, {@code reviewed}, {@code unreviewed}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** 0 for unreviewed, 1 reviewed, 2 curated: what Cypher compares. */
    public int rank() {
        return ordinal();
    }

    /** Whether knowledge of this level may be stated where {@code minimum} is required. */
    public boolean atLeast(Trust minimum) {
        return ordinal() >= minimum.ordinal();
    }

    /** The more trusted of the two. */
    public Trust max(Trust other) {
        return ordinal() >= other.ordinal() ? this : other;
    }

    /** The less trusted of the two. */
    public Trust min(Trust other) {
        return ordinal() <= other.ordinal() ? this : other;
    }

    /** The level named {@code id} (any case, surrounding white space ignored), if it is one. */
    public static Optional<Trust> of(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String n = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.id().equals(n)).findFirst();
    }

    /** The level of this rank; an unknown rank is the least trusted. */
    public static Trust ofRank(long rank) {
        return rank >= 0 && rank < values().length ? values()[(int) rank] : UNREVIEWED;
    }

    /** {@code curated, reviewed, unreviewed}: for messages. */
    public static String ids() {
        return Arrays.stream(values()).sorted((a, b) -> b.ordinal() - a.ordinal()).map(Trust::id)
                .collect(Collectors.joining(", "));
    }
}
