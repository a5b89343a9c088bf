package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/** An upload cut off half-way leaves no spooled file behind; nor does a finished one. */
class UploadLeftoversTest {

    @Test
    void anUploadCutOffHalfWayLeavesNoFile() throws Exception {
        Path uploads = TestApp.app().serverServices().uploadDir();
        String base = TestApp.baseUrl();
        java.net.URI uri = java.net.URI.create(base);
        byte[] part = new byte[3 << 20];
        Arrays.fill(part, (byte) 'a');
        String head = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n";
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/batches HTTP/1.1\r\nHost: x\r\nAuthorization: " + Http.bearer(TestApp.CURATOR_KEY)
                    + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " + (10 << 20)
                    + "\r\n\r\n" + head).getBytes(StandardCharsets.ISO_8859_1));
            out.write(part); // past the 1 MiB kept in memory: spooled to a file
            out.flush();
            Thread.sleep(500);
        } // the connection drops with 7 MiB still to come
        for (int i = 0; i < 200 && leftovers(uploads) > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(leftovers(uploads)).as("files left in " + uploads).isZero();

        Http.Response done = new Http(base).upload("/api/v1/batches?dryRun=true", "big.csv",
                ("subject,subject_type,predicate,object,object_type,source\n" + "#".repeat(2 << 20) + "\n")
                        .getBytes(StandardCharsets.UTF_8), "Authorization", Http.bearer(TestApp.CURATOR_KEY));
        assertThat(done.status()).isEqualTo(200);
        assertThat(leftovers(uploads)).isZero();
    }

    private static long leftovers(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).count();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.NoSuchFileException) {
                return 1; // the server removed a file while we walked: still at work, look again
            }
            throw e;
        }
    }
}
