package org.strokekg.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content-derived ids. A relation's id is a hash of its ends, type and source, so the same fact from the same source is
 * one relation however it reaches the graph: loaded, loaded again, or moved onto another entity by a merge.
 */
public final class Ids {

    private Ids() {
    }

    /**
     * Characters an id may not hold: quotes, angle brackets, backslash and backtick (an id travels in URLs, HTML and
     * exported files, where they would be markup or quoting), and {@code / ? # %} (an id is a URL path segment).
     */
    private static final String FORBIDDEN = "\"'<>`\\/?#%";

    /** Why {@code id} is not a valid id (a forbidden character), or empty when it is. */
    public static java.util.Optional<String> badCharacter(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0) {
                return java.util.Optional.of("an id may not contain " + c + " (none of " + FORBIDDEN + ")");
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code r-} + 16 hex of SHA-256(start id, type, end id, source). */
    public static String relation(String startId, String type, String endId, String source) {
        return "r-" + sha256Hex(startId + '\u0001' + type + '\u0001' + endId + '\u0001' + source, 16);
    }

    /** The first {@code hexChars} hex digits of the SHA-256 of {@code s} (UTF-8). */
    public static String sha256Hex(String s, int hexChars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
