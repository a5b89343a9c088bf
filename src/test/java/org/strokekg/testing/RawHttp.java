package org.strokekg.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.time.Duration;

/**
 * HTTP/1.1 written by hand on a socket, for what a well-behaved client will not send: chunked bodies of any size that
 * keep coming after the server has answered, malformed request lines and headers. The answer is read while the body
 * is still being written, as a server that refuses early answers.
 */
public final class RawHttp {

    /** The status line's code and the raw answer (headers and as much body as came). */
    public record Answer(int status, String text, long bytesSent) {
        public String header(String name) {
            for (String line : text.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
                if (line.isEmpty()) {
                    break;
                }
            }
            return null;
        }

        /** The body, de-chunked when it came chunked. */
        public String body() {
            int i = text.indexOf("\r\n\r\n");
            String body = i < 0 ? "" : text.substring(i + 4);
            if (!"chunked".equalsIgnoreCase(header("Transfer-Encoding"))) {
                return body;
            }
            StringBuilder out = new StringBuilder();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            int pos = 0;
            while (pos < b.length) {
                int eol = indexOf(b, pos);
                if (eol < 0) {
                    break;
                }
                int n = Integer.parseInt(new String(b, pos, eol - pos, StandardCharsets.US_ASCII).strip(), 16);
                if (n == 0) {
                    break;
                }
                out.append(new String(b, eol + 2, Math.min(n, b.length - eol - 2), StandardCharsets.UTF_8));
                pos = eol + 2 + n + 2;
            }
            return out.toString();
        }

        private static int indexOf(byte[] b, int from) {
            for (int k = from; k + 1 < b.length; k++) {
                if (b[k] == '\r' && b[k + 1] == '\n') {
                    return k;
                }
            }
            return -1;
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line) then a chunked body of {@code bodyBytes}
     * bytes of {@code fill}, in 64 KiB chunks, and returns the answer, which may come before the body is all sent.
     */
    public static Answer chunked(String base, String head, long bodyBytes, byte fill) {
        return exchange(base, head + "\r\nTransfer-Encoding: chunked\r\n\r\n", bodyBytes, fill, true);
    }

    /** Sends bytes as they are (a request of any shape) and returns the answer. */
    public static Answer raw(String base, String request) {
        return exchange(base, request, 0, (byte) 0, false);
    }

    private static Answer exchange(String base, String head, long bodyBytes, byte fill, boolean chunked) {
        URI uri = URI.create(base);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            long[] sent = {0};
            // a thread of its own: on two cores the common pool has one thread, which a caller may hold
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    if (chunked) {
                        byte[] chunk = new byte[64 << 10];
                        Arrays.fill(chunk, fill);
                        while (sent[0] < bodyBytes) {
                            int n = (int) Math.min(chunk.length, bodyBytes - sent[0]);
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            out.write(chunk, 0, n);
                            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                            sent[0] += n;
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed: the rest of the body is refused, as intended
                }
            });
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    answer.write(buf, 0, n);
                    if (complete(answer.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (IOException e) {
                // a reset after the answer: what was read is the answer
            }
            s.close();
            writer.join(Duration.ofSeconds(60));
            String text = answer.toString(StandardCharsets.UTF_8);
            int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Answer(status, text, sent[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Headers and a body of the length they declare (or a chunked body's end) have arrived. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String headers = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
        int cl = headers.indexOf("content-length:");
        if (cl >= 0) {
            int eol = headers.indexOf("\r\n", cl);
            long length = Long.parseLong(headers.substring(cl + 15, eol < 0 ? headers.length() : eol).strip());
            return text.getBytes(StandardCharsets.UTF_8).length - end - 4 >= length;
        }
        return headers.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
    }
}
