package org.strokekg.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns token bytes into text for streaming: a byte-level BPE token may end in the middle of a character (a Chinese
 * character is three bytes, an emoji four), so the trailing bytes of an incomplete character are held back until the
 * next token completes it. What {@link #push} returns is always whole characters. Not thread-safe: one per generation.
 */
public final class Utf8Stream {

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);

    /** Adds a token's bytes; returns the characters now complete (possibly empty). */
    public String push(byte[] bytes) {
        pending.writeBytes(bytes);
        byte[] all = pending.toByteArray();
        int complete = completePrefix(all);
        pending.reset();
        pending.write(all, complete, all.length - complete);
        return decode(all, complete);
    }

    /** The rest at the end of generation; an unfinished character becomes U+FFFD. */
    public String flush() {
        byte[] all = pending.toByteArray();
        pending.reset();
        return decode(all, all.length);
    }

    /** Length of the longest prefix that does not end inside a multi-byte character. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        // look back at most 3 bytes for the lead byte of the last character
        for (int back = 1; back <= Math.min(3, n); back++) {
            int v = b[n - back] & 0xff;
            if ((v & 0xc0) == 0x80) {
                continue; // continuation byte: keep looking for its lead
            }
            int need = v >= 0xf0 ? 4 : v >= 0xe0 ? 3 : v >= 0xc0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n; // four or more trailing continuation bytes: malformed, let the decoder replace them
    }

    private String decode(byte[] bytes, int length) {
        if (length == 0) {
            return "";
        }
        try {
            decoder.reset();
            CharBuffer out = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return out.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a REPLACE decoder cannot fail", e);
        }
    }
}
