package org.strokekg.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts long text into passages at sentence boundaries: sentences (ending in 。！？；!?; or a line break) are packed in
 * order into chunks of at most {@code max} characters. A heading line (short, with no closing punctuation, such as
 * "(一)发病原因" or "一、术前护理") starts the chunk of the text it heads instead of ending the one before; a sentence
 * longer than {@code max} is cut at its commas, and only a comma-less run is cut anywhere; a short last chunk joins the
 * one before when both fit in {@code max + min}. White space runs inside a line (control characters and stray
 * byte-order marks included) become one space. Pure and thread-safe.
 */
public final class SentenceChunker {

    /** A heading is at most this long and has no closing punctuation. */
    private static final int MAX_HEADING = 30;

    private final int max;
    private final int min;

    /**
     * @param max the most characters a chunk holds (a longer sentence is cut)
     * @param min a last chunk shorter than this joins the one before when it can
     */
    public SentenceChunker(int max, int min) {
        if (max < 20 || min < 0 || min >= max) {
            throw new IllegalArgumentException("need 20 <= max and 0 <= min < max, got " + max + ", " + min);
        }
        this.max = max;
        this.min = min;
    }

    /** The chunks of {@code text}, in order, none blank; empty for blank text. */
    public List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String heading = "";
        for (String sentence : sentences(text)) {
            for (String piece : fit(sentence)) {
                if (!current.isEmpty() && current.length() + piece.length() > max) {
                    // a heading that ended the chunk goes with the text after it
                    if (!heading.isEmpty() && current.length() > heading.length()
                            && current.toString().endsWith(heading) && heading.length() + piece.length() <= max) {
                        current.setLength(current.length() - heading.length());
                        flush(current, chunks);
                        current.append(heading);
                    } else {
                        flush(current, chunks);
                    }
                }
                current.append(piece);
                heading = isHeading(piece) ? piece : "";
            }
        }
        flush(current, chunks);
        if (chunks.size() >= 2) {
            String last = chunks.getLast();
            String before = chunks.get(chunks.size() - 2);
            if (last.length() < min && before.length() + last.length() + 1 <= max + min) {
                chunks.removeLast();
                chunks.set(chunks.size() - 1, before + "\n" + last);
            }
        }
        return chunks;
    }

    private static void flush(StringBuilder current, List<String> chunks) {
        String chunk = current.toString().strip();
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        current.setLength(0);
    }

    /** Sentences with their closing punctuation; a line break ends one and is kept as its last character. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder s = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                if (!s.toString().isBlank()) {
                    out.add(s.toString().strip() + "\n");
                }
                s.setLength(0);
                space = false;
                continue;
            }
            // a byte-order mark inside text (the crawl has some) is invisible: white space like the rest
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c) || c == '\uFEFF') {
                space = !s.isEmpty();
                continue;
            }
            if (space) {
                s.append(' ');
                space = false;
            }
            s.append(c);
            boolean end = "。！？；!?;".indexOf(c) >= 0
                    || c == '.' && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1));
            if (end) {
                // closing quotes and brackets stay with their sentence
                while (i + 1 < text.length() && "”’」』）)\"".indexOf(text.charAt(i + 1)) >= 0) {
                    s.append(text.charAt(++i));
                }
                out.add(s.toString().strip());
                s.setLength(0);
            }
        }
        if (!s.toString().isBlank()) {
            out.add(s.toString().strip());
        }
        return out;
    }

    /** The sentence in pieces of at most {@code max}: at commas where it can, anywhere where it must. */
    private List<String> fit(String sentence) {
        if (sentence.length() <= max) {
            return List.of(sentence);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int start = 0;
        for (int i = 0; i < sentence.length(); i++) {
            char c = sentence.charAt(i);
            if ("，,、：:".indexOf(c) >= 0 || i == sentence.length() - 1) {
                String clause = sentence.substring(start, i + 1);
                start = i + 1;
                if (piece.length() + clause.length() > max && !piece.isEmpty()) {
                    pieces.add(piece.toString());
                    piece.setLength(0);
                }
                while (clause.length() > max) {
                    int cut = max;
                    if (Character.isHighSurrogate(clause.charAt(cut - 1))) {
                        cut--;
                    }
                    pieces.add(clause.substring(0, cut));
                    clause = clause.substring(cut);
                }
                piece.append(clause);
            }
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }

    private static boolean isHeading(String piece) {
        String s = piece.strip();
        if (s.isEmpty() || s.length() > MAX_HEADING) {
            return false;
        }
        char last = s.charAt(s.length() - 1);
        return "。！？；!?;.，,、".indexOf(last) < 0;
    }
}
