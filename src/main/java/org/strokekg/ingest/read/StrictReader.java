package org.strokekg.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Decodes a byte stream strictly (malformed or unmappable bytes are reported, not silently replaced): each bad sequence
 * becomes U+FFFD in the text, so parsing goes on, and is recorded with its line and byte offset so the reader can reject
 * the line it belongs to. A leading byte-order mark is dropped. Tells the progress listener how many bytes it has read.
 */
final class StrictReader extends Reader {

    /** A bad byte sequence: 1-based line, 0-based byte offset in the input. */
    record Malformed(long line, long byteOffset, String charset) {
        LineError error() {
            return new LineError(line, "line", "malformed " + charset + " at byte offset " + byteOffset);
        }
    }

    private static final int CHUNK = 1 << 16;
    private static final long PROGRESS_STEP = 1 << 18;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final String charsetName;
    private final ProgressListener progress;
    private final long totalBytes;
    private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
    private final CharBuffer chars = CharBuffer.allocate(CHUNK + 16);
    private final Deque<Malformed> malformed = new ArrayDeque<>();
    private long bytesRead;
    private long bytesDecodedBefore; // input offset of bytes[0]
    private long nextProgress = PROGRESS_STEP;
    private long line = 1;
    private boolean eof;
    private boolean flushed;
    private boolean first = true;

    StrictReader(InputStream in, Charset charset, long totalBytes, ProgressListener progress) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.charsetName = charset.name();
        this.totalBytes = totalBytes;
        this.progress = progress;
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, chars.remaining());
        chars.get(dst, off, n);
        return n;
    }

    /** The bad sequences found so far on lines up to {@code lastLine}, removed from the queue. */
    void drainMalformed(long lastLine, Consumer<Malformed> sink) {
        while (!malformed.isEmpty() && malformed.peekFirst().line() <= lastLine) {
            sink.accept(malformed.pollFirst());
        }
    }

    private boolean fill() throws IOException {
        if (flushed) {
            return false;
        }
        chars.clear();
        while (chars.position() == 0) {
            if (!bytes.hasRemaining() && !eof) {
                readMore();
            }
            int start = chars.position();
            CoderResult r = decoder.decode(bytes, chars, eof);
            countLines(start);
            if (r.isError()) {
                if (!chars.hasRemaining()) {
                    break; // no room for the replacement: the next fill meets this sequence again
                }
                malformed.addLast(new Malformed(line, bytesDecodedBefore + bytes.position(), charsetName));
                bytes.position(bytes.position() + r.length());
                chars.put('\uFFFD');
            } else if (r.isUnderflow()) {
                if (eof) {
                    int end = chars.position();
                    decoder.flush(chars);
                    countLines(end);
                    flushed = true;
                    break;
                }
                readMore();
            }
        }
        chars.flip();
        if (first && chars.hasRemaining()) {
            first = false;
            if (chars.get(0) == '\uFEFF') {
                chars.get();
            }
        }
        return chars.hasRemaining() || !flushed;
    }

    private void countLines(int from) {
        for (int i = from; i < chars.position(); i++) {
            if (chars.get(i) == '\n') {
                line++;
            }
        }
    }

    private void readMore() throws IOException {
        bytesDecodedBefore += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
            bytesRead += n;
        }
        bytes.flip();
        if (eof || bytesRead >= nextProgress) {
            nextProgress = bytesRead + PROGRESS_STEP;
            progress.progress(bytesRead, totalBytes);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
