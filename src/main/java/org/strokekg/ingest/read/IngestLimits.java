package org.strokekg.ingest.read;

/**
 * Length limits every reader enforces, in UTF-16 characters after trimming. A value over its limit is a line error
 * (in the xywy crawl: a reported skip of that value), never silently cut.
 */
public final class IngestLimits {

    /** Entity names, aliases, canonical names, passage entity references, topics. */
    public static final int MAX_NAME = 100;
    /** Entity and passage ids. */
    public static final int MAX_ID = 100;
    /** Source strings. */
    public static final int MAX_SOURCE = 500;
    /** Evidence text and entity descriptions. */
    public static final int MAX_TEXT = 2_000;
    /** Passage titles. */
    public static final int MAX_TITLE = 200;
    /** Passage text. */
    public static final int MAX_PASSAGE_TEXT = 20_000;
    /** Description of an xywy disease: its first sentences up to this length (the crawl's desc runs to pages). */
    public static final int XYWY_DESCRIPTION = 300;
    /** Errors (and, separately, skips) listed in a report; the rest are counted. */
    public static final int MAX_REPORTED = 1_000;
    /** A physical line longer than this is an error and is not kept in memory (binary or runaway input). */
    public static final int MAX_LINE_CHARS = 1 << 20;
    /** A quoted CSV field may span at most this many lines before it counts as unterminated. */
    public static final int MAX_RECORD_LINES = 1_000;

    private IngestLimits() {
    }
}
