package org.strokekg.ingest.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Passes UTF-8 bytes through after checking them (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), so
 * a byte-level parser can skip text it does not need without decoding it. Each malformed sequence is recorded with its
 * line and byte offset and replaced by as many {@code ?} bytes, so parsing goes on and the reader can reject the record.
 * A trailing incomplete sequence is held back until the next read shows whether it completes.
 */
final class Utf8CheckingStream extends InputStream {

    private static final int CHUNK = 1 << 16;
    private static final long PROGRESS_STEP = 1 << 18;

    private final InputStream in;
    private final long totalBytes;
    private final ProgressListener progress;
    private final byte[] buf = new byte[CHUNK + 4];
    private final Deque<StrictReader.Malformed> malformed = new ArrayDeque<>();
    private int pos;      // next byte to hand out
    private int checked;  // bytes [pos, checked) are checked and may be handed out
    private int lim;      // bytes [checked, lim) are an incomplete sequence held back
    private long offsetOfBuf;
    private long bytesRead;
    private long nextProgress = PROGRESS_STEP;
    private long line = 1;
    private boolean eof;

    Utf8CheckingStream(InputStream in, long totalBytes, ProgressListener progress) {
        this.in = in;
        this.totalBytes = totalBytes;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == checked) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, checked - pos);
        System.arraycopy(buf, pos, dst, off, n);
        pos += n;
        return n;
    }

    /** The bad sequences found so far on lines up to {@code lastLine}, removed from the queue. */
    void drainMalformed(long lastLine, Consumer<StrictReader.Malformed> sink) {
        while (!malformed.isEmpty() && malformed.peekFirst().line() <= lastLine) {
            sink.accept(malformed.pollFirst());
        }
    }

    private boolean fill() throws IOException {
        if (eof && checked == lim) {
            return false;
        }
        // keep the held-back tail, read behind it
        int tail = lim - checked;
        System.arraycopy(buf, checked, buf, 0, tail);
        offsetOfBuf += checked;
        pos = 0;
        checked = 0;
        lim = tail;
        if (!eof) {
            int n = in.read(buf, lim, CHUNK);
            if (n < 0) {
                eof = true;
            } else {
                lim += n;
                bytesRead += n;
            }
            if (eof || bytesRead >= nextProgress) {
                nextProgress = bytesRead + PROGRESS_STEP;
                progress.progress(bytesRead, totalBytes);
            }
        }
        check();
        return true;
    }

    private void check() {
        byte[] b = buf;
        int i = checked;
        int end = lim;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                if (c == '\n') {
                    line++;
                }
                i++;
                continue;
            }
            c &= 0xff;
            // fast path for the common case, a well-formed three-byte sequence (CJK) that needs no range check
            if ((c >= 0xe1 && c <= 0xec || c >= 0xee) && c <= 0xef && i + 2 < end
                    && (b[i + 1] & 0xc0) == 0x80 && (b[i + 2] & 0xc0) == 0x80) {
                i += 3;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                lo = c == 0xe0 ? 0xa0 : 0x80;
                hi = c == 0xed ? 0x9f : 0xbf;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                lo = c == 0xf0 ? 0x90 : 0x80;
                hi = c == 0xf4 ? 0x8f : 0xbf;
            } else {
                bad(i, 1);
                i++;
                continue;
            }
            int j = i + 1;
            int k = 0;
            while (k < need && j < end) {
                int d = b[j] & 0xff;
                if (d < (k == 0 ? lo : 0x80) || d > (k == 0 ? hi : 0xbf)) {
                    break;
                }
                j++;
                k++;
            }
            if (k == need) {
                i = j;
            } else if (j == end && !eof) {
                break; // incomplete at the end of what was read: decide after the next read
            } else {
                bad(i, j - i);
                i = j;
            }
        }
        checked = i;
        if (eof && checked < lim) {
            bad(checked, lim - checked);
            checked = lim;
        }
    }

    private void bad(int at, int length) {
        malformed.addLast(new StrictReader.Malformed(line, offsetOfBuf + at, "UTF-8"));
        for (int k = at; k < at + length; k++) {
            buf[k] = '?';
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
