package org.strokekg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the command line finds the server that holds a data directory: {@code serve} writes {@value #FILE} into it once
 * ready (its URL and process id) and removes it when it stops. A file left by a killed server is recognised by its
 * process being gone.
 */
final class RunningServer implements AutoCloseable {

    static final String FILE = "server.json";
    private static final Logger log = LoggerFactory.getLogger(RunningServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the file says. */
    record Announced(String url, long pid) {
    }

    private final Path file;

    private RunningServer(Path file) {
        this.file = file;
    }

    /** Writes the file for {@code host:port} (a wildcard bind is reached on loopback). */
    static RunningServer announce(Path dataDir, String host, int port) {
        String h = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        Path file = dataDir.resolve(FILE);
        try {
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(Map.of("url", "http://" + h + ":" + port,
                    "pid", ProcessHandle.current().pid())));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot write {} (the command line will not find this server by itself): {}", file, e.toString());
        }
        return new RunningServer(file);
    }

    /** The server the file announces, when its process is still alive. */
    static Optional<Announced> find(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(file.toFile());
            Announced a = new Announced(n.path("url").asText(), n.path("pid").asLong());
            boolean alive = ProcessHandle.of(a.pid()).map(ProcessHandle::isAlive).orElse(false);
            return alive && !a.url().isEmpty() ? Optional.of(a) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            // only our own announcement: a later server may have replaced it
            if (find(file.getParent()).filter(a -> a.pid() == ProcessHandle.current().pid()).isPresent()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("cannot remove {}: {}", file, e.toString());
        }
    }
}
