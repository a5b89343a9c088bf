package org.strokekg.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.strokekg.testing.TestGraph;

/**
 * The embedded graph is behind a credential: Bolt without it, or with a wrong one, is refused, also over the WebSocket
 * a web page of another origin could open; {@code LOAD CSV} cannot read a local file even with it; the password file
 * is its owner's only.
 */
class GraphAuthTest {

    @Test
    void boltWithoutTheRightPasswordIsRefused() {
        URI uri = TestGraph.boltUri();
        for (var token : java.util.List.of(AuthTokens.none(), AuthTokens.basic("neo4j", "neo4j"),
                AuthTokens.basic("neo4j", "not-the-password"))) {
            try (Driver d = GraphDatabase.driver(uri, token)) {
                assertThatThrownBy(d::verifyConnectivity).isInstanceOf(AuthenticationException.class);
            }
        }
    }

    @Test
    void failedLogOnsDoNotLockTheApplicationOut() {
        GraphStore.Connection c = TestGraph.connection();
        for (int i = 0; i < 5; i++) {
            try (Driver d = GraphDatabase.driver(c.uri(), AuthTokens.basic("neo4j", "wrong-" + i))) {
                assertThatThrownBy(d::verifyConnectivity).isInstanceOf(AuthenticationException.class);
            }
        }
        try (GraphStore fresh = GraphStore.connect(c)) {
            int one = fresh.read(tx -> tx.run("RETURN 1 AS one").single().get("one").asInt());
            assertThat(one).isEqualTo(1);
        }
    }

    @Test
    void loadCsvCannotReadLocalFiles(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.csv");
        Files.writeString(secret, "a,b\n1,2\n");
        GraphStore.Connection c = TestGraph.connection();
        try (Driver d = GraphDatabase.driver(c.uri(), AuthTokens.basic(c.user(), c.password()));
             Session s = d.session()) {
            assertThatThrownBy(() -> s.run("LOAD CSV FROM $url AS line RETURN line",
                    java.util.Map.of("url", secret.toUri().toString())).list())
                    .isInstanceOf(ClientException.class)
                    .hasMessageContaining("allow_csv_import_from_file_urls");
        }
    }

    @Test
    void theWebSocketAnOtherOriginCanOpenStillNeedsThePassword() throws Exception {
        LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Origin", "http://evil.example")
                .buildAsync(URI.create("ws://127.0.0.1:" + TestGraph.boltUri().getPort()), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        partial.writeBytes(b);
                        if (last) {
                            frames.add(partial.toByteArray());
                            partial.reset();
                        }
                        socket.request(1);
                        return CompletableFuture.completedFuture(null);
                    }
                }).get(30, TimeUnit.SECONDS);
        try {
            Bolt bolt = new Bolt(ws, frames);
            // Bolt 5.0 to 5.4: the server picks the highest it speaks
            byte[] version = bolt.exchange(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 4, 4, 5, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 0}, 4);
            assertThat(version[3]).as("Bolt major version").isEqualTo((byte) 5);
            int minor = version[2];
            byte[] reply;
            if (minor == 0) {
                reply = bolt.message(Bolt.struct(0x01, Bolt.map("user_agent", "strokekg-test/1", "scheme", "none")));
            } else {
                byte[] hello = minor >= 3
                        ? Bolt.map("user_agent", "strokekg-test/1", "bolt_agent", Bolt.rawMap("product", "strokekg-test/1"))
                        : Bolt.map("user_agent", "strokekg-test/1");
                assertThat(bolt.message(Bolt.struct(0x01, hello))[1]).as("HELLO answered SUCCESS").isEqualTo((byte) 0x70);
                reply = bolt.message(Bolt.struct(0x6A, Bolt.map("scheme", "none")));
            }
            assertThat(reply[1]).as("the log-on is answered FAILURE").isEqualTo((byte) 0x7F);
            assertThat(new String(reply, StandardCharsets.UTF_8)).contains("Security");
        } finally {
            ws.abort();
        }
    }

    @Test
    void thePasswordFileIsItsOwnersOnly() throws Exception {
        Path file = TestGraph.passwordFile();
        assertThat(file.getFileName().toString()).isEqualTo(GraphPassword.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).hasSizeGreaterThanOrEqualTo(32);
    }

    /** Just enough Bolt over WebSocket to shake hands and log on: chunked PackStream messages of tiny maps. */
    private record Bolt(WebSocket ws, LinkedBlockingQueue<byte[]> frames) {

        byte[] exchange(byte[] out, int expect) throws Exception {
            ws.sendBinary(ByteBuffer.wrap(out), true).get(10, TimeUnit.SECONDS);
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            while (in.size() < expect) {
                byte[] f = frames.poll(30, TimeUnit.SECONDS);
                assertThat(f).as("an answer from Bolt").isNotNull();
                in.writeBytes(f);
            }
            return in.toByteArray();
        }

        /** Sends one message in one chunk; returns the answer's body (chunk headers and the end marker removed). */
        byte[] message(byte[] body) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(body.length >> 8);
            out.write(body.length & 0xff);
            out.writeBytes(body);
            out.write(0);
            out.write(0);
            ws.sendBinary(ByteBuffer.wrap(out.toByteArray()), true).get(10, TimeUnit.SECONDS);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while (true) {
                byte[] f = frames.poll(30, TimeUnit.SECONDS);
                assertThat(f).as("an answer from Bolt").isNotNull();
                raw.writeBytes(f);
                byte[] r = raw.toByteArray();
                int i = 0;
                answer.reset();
                boolean complete = false;
                while (i + 2 <= r.length) {
                    int n = (r[i] & 0xff) << 8 | r[i + 1] & 0xff;
                    i += 2;
                    if (n == 0) {
                        complete = answer.size() > 0;
                        break;
                    }
                    if (i + n > r.length) {
                        break;
                    }
                    answer.write(r, i, n);
                    i += n;
                }
                if (complete) {
                    return answer.toByteArray();
                }
            }
        }

        static byte[] struct(int signature, byte[] field) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(0xB1);
            b.write(signature);
            b.writeBytes(field);
            return b.toByteArray();
        }

        static byte[] map(Object... kv) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(0xA0 + kv.length / 2);
            for (Object o : kv) {
                b.writeBytes(o instanceof byte[] raw ? raw : string((String) o));
            }
            return b.toByteArray();
        }

        static byte[] rawMap(String k, String v) {
            return map(k, v);
        }

        static byte[] string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (utf8.length < 16) {
                b.write(0x80 + utf8.length);
            } else {
                b.write(0xD0);
                b.write(utf8.length);
            }
            b.writeBytes(utf8);
            return b.toByteArray();
        }
    }
}
