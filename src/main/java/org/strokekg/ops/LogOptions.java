package org.strokekg.ops;

/**
 * How the process logs.
 *
 * @param json      one JSON object a line ({@code STROKEKG_LOG_FORMAT=json}) instead of text lines
 * @param questions whether question and answer text may be logged ({@code STROKEKG_LOG_QUESTIONS=true}); off by
 *                  default, because a question is a patient's own words
 */
public record LogOptions(boolean json, boolean questions) {

    public static final LogOptions DEFAULT = new LogOptions(false, false);
}
