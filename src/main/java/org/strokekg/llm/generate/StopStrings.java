package org.strokekg.llm.generate;

import java.util.List;

/**
 * Assembles the generated text and decides what may be streamed: text that could still turn out to be the beginning
 * of a stop string is held back until it cannot, and the text ends before the first stop string found.
 */
final class StopStrings {

    private final List<String> stops;
    private final int longest;
    private final StringBuilder text = new StringBuilder();
    private int emitted;
    private boolean stopped;

    StopStrings(List<String> stops) {
        this.stops = stops;
        this.longest = stops.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Adds decoded characters; returns the part that is now safe to stream. */
    String append(String piece) {
        if (stopped || piece.isEmpty()) {
            return "";
        }
        int from = Math.max(0, text.length() - longest + 1);
        text.append(piece);
        int cut = -1;
        for (String s : stops) {
            int at = text.indexOf(s, from);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            stopped = true;
            text.setLength(cut);
            return take(cut);
        }
        return take(text.length() - heldBack());
    }

    boolean stopped() {
        return stopped;
    }

    /** What is still held back, at the end of generation. */
    String finish() {
        return take(text.length());
    }

    String text() {
        return text.toString();
    }

    /** Length of the longest tail of the text that a stop string starts with. */
    private int heldBack() {
        for (int k = Math.min(longest - 1, text.length() - emitted); k > 0; k--) {
            String tail = text.substring(text.length() - k);
            for (String s : stops) {
                if (s.startsWith(tail)) {
                    return k;
                }
            }
        }
        return 0;
    }

    private String take(int upTo) {
        if (upTo <= emitted) {
            return "";
        }
        String out = text.substring(emitted, upTo);
        emitted = upTo;
        return out;
    }
}
