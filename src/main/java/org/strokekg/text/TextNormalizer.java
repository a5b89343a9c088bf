package org.strokekg.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Matching keys for names and questions. Stand-in written with ingest (NFKC, lower case, collapsed white space) until the
 * text package's full version, which adds OpenCC t2s, replaces it; keep the signature.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    /** The key two spellings of one name share: NFKC (full-width to half-width), Locale.ROOT lower case, one space per run. */
    public static String forMatching(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
