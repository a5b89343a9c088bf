package org.strokekg.ingest.read;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Physical lines of a strictly decoded input, numbered from 1, without their line ending ({@code \n} or {@code \r\n}).
 * A line carries the problems found on it (malformed bytes, excessive length) so its record can be rejected.
 */
final class LineSource implements Closeable {

    /** One line; {@code problems} is empty for a clean line. */
    record Line(long number, String text, List<LineError> problems) {
    }

    private final StrictReader reader;
    private final char[] buf = new char[1 << 16];
    private final StringBuilder current = new StringBuilder(256);
    private int pos;
    private int lim;
    private long number;

    LineSource(StrictReader reader) {
        this.reader = reader;
    }

    /** The next line, or null at the end of input. */
    Line next() throws IOException {
        current.setLength(0);
        boolean any = false;
        boolean tooLong = false;
        while (true) {
            if (pos == lim) {
                lim = reader.read(buf, 0, buf.length);
                pos = 0;
                if (lim < 0) {
                    lim = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int nl = pos;
            while (nl < lim && buf[nl] != '\n') {
                nl++;
            }
            if (!tooLong) {
                current.append(buf, pos, nl - pos);
                if (current.length() > IngestLimits.MAX_LINE_CHARS) {
                    tooLong = true;
                    current.setLength(0);
                }
            }
            pos = nl;
            if (nl < lim) {
                pos++;
                break;
            }
        }
        number++;
        int len = current.length();
        if (len > 0 && current.charAt(len - 1) == '\r') {
            current.setLength(len - 1);
        }
        List<LineError> problems = new ArrayList<>(0);
        reader.drainMalformed(number, m -> problems.add(m.error()));
        if (tooLong) {
            problems.add(new LineError(number, "line", "longer than " + IngestLimits.MAX_LINE_CHARS + " characters"));
        }
        return new Line(number, current.toString(), problems.isEmpty() ? List.of() : problems);
    }

    /** Lines read so far. */
    long lines() {
        return number;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
