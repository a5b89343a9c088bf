package org.strokekg.text;

/**
 * Text folded for matching ({@link TextNormalizer#forMatching}) together with, for each of its chars, the span of the
 * original text it came from, so that a match found in the folded text can be shown on the user's own words.
 */
public final class MatchingText {

    private final String text;
    private final int[] starts;
    private final int[] ends;
    private final int originalLength;

    MatchingText(String text, int[] starts, int[] ends, int originalLength) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
        this.originalLength = originalLength;
    }

    /** The folded text; equal to {@code TextNormalizer.forMatching(original)}. */
    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** Where, in the original text, the folded char at {@code index} starts. */
    public int originalStart(int index) {
        return index >= starts.length ? originalLength : starts[index];
    }

    /** Where, in the original text, the folded span ending (exclusively) at {@code endIndex} ends. */
    public int originalEnd(int endIndex) {
        return endIndex <= 0 ? 0 : ends[endIndex - 1];
    }

    public int originalLength() {
        return originalLength;
    }
}
