package org.strokekg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.strokekg.Config;
import org.strokekg.error.AccessDeniedException;
import org.strokekg.error.ConflictException;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;
import org.strokekg.error.RetriableException;
import org.strokekg.error.StartupException;
import org.strokekg.error.StrokeKgException;
import org.strokekg.server.Json;

/**
 * The command line beside a running server: the commands that read or write knowledge send their work to the server
 * that holds the data directory (found in {@code DATA_DIR/server.json}, or named by {@code --server URL}) over its HTTP
 * API, with the key in {@code STROKEKG_CURATOR_KEY}, instead of opening the graph themselves (which the server holds,
 * and which takes tens of seconds to start). A problem answer becomes the same exception the local command would throw.
 */
final class Remote {

    private final URI base;
    private final Optional<String> key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Remote(URI base, Optional<String> key) {
        this.base = base;
        this.key = key;
    }

    /**
     * The server to talk to: {@code --server URL} (it must answer), else the one announced in the data directory if
     * its process lives and it answers; empty = open the store here. Says on {@code err} which it is.
     */
    static Optional<Remote> find(Optional<URI> named, Config config, PrintWriter err) {
        Optional<URI> url = named.or(() -> RunningServer.find(config.dataDir()).map(a -> URI.create(a.url())));
        if (url.isEmpty()) {
            err.println("strokekg: no server runs for " + config.dataDir() + ": opening the graph in this process");
            return Optional.empty();
        }
        Remote r = new Remote(URI.create(url.get().toString().replaceAll("/+$", "")), config.curatorKey());
        if (!r.live()) {
            if (named.isPresent()) {
                throw new StartupException(StartupException.Kind.CONFIG, "--server " + url.get() + " does not answer");
            }
            err.println("strokekg: the server announced in " + config.dataDir().resolve(RunningServer.FILE)
                    + " does not answer: opening the graph in this process");
            return Optional.empty();
        }
        err.println("strokekg: using the running server at " + r.base + (named.isPresent() ? "" : " (it holds "
                + config.dataDir() + ")"));
        return Optional.of(r);
    }

    /** One path segment, percent-encoded (an id is checked by the server as it is by a local run). */
    static String segment(String id) {
        return java.net.URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private boolean live() {
        try {
            return send(HttpRequest.newBuilder(base.resolve("/health/live")).timeout(Duration.ofSeconds(5)).GET(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (RetriableException e) {
            return false;
        }
    }

    JsonNode get(String path) {
        return json(request(path).GET());
    }

    JsonNode delete(String path) {
        return json(request(path).DELETE());
    }

    JsonNode postJson(String path, Object body) {
        try {
            return json(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A multipart upload of {@code files} (field {@code file}), as the explorer sends it; the status is kept. */
    Result upload(String path, List<Path> files) throws IOException {
        String boundary = "strokekg-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().replace("\"", "_").replace("\r", "_").replace("\n", "_");
            parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; "
                    + "name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                    StandardCharsets.UTF_8));
            parts.add(HttpRequest.BodyPublishers.ofFile(f));
            parts.add(HttpRequest.BodyPublishers.ofString("\r\n"));
        }
        parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"));
        HttpResponse<byte[]> r = send(request(path).timeout(Duration.ofHours(1))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))),
                HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = Json.mapper().readTree(r.body());
        if (r.statusCode() >= 400 && r.statusCode() != 422) {
            throw problem(r.statusCode(), body);
        }
        return new Result(r.statusCode(), body);
    }

    /** A status and its JSON body (a rejected load is 422 with the same report a local load prints). */
    record Result(int status, JsonNode body) {
    }

    /** Streams {@code path}'s body into {@code file}. */
    void download(String path, Path file) throws IOException {
        HttpResponse<InputStream> r = send(request(path).timeout(Duration.ofHours(2)).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw problem(r.statusCode(), Json.mapper().readTree(in));
            }
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(10));
        key.ifPresent(k -> b.header("Authorization", "Bearer " + k));
        return b;
    }

    private JsonNode json(HttpRequest.Builder request) {
        HttpResponse<byte[]> r = send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body;
        try {
            body = Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new RetriableException("the server answered " + r.statusCode() + " with no JSON", e);
        }
        if (r.statusCode() >= 400) {
            throw problem(r.statusCode(), body);
        }
        return body;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (ConnectException e) {
            throw new RetriableException("cannot reach the server at " + base + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RetriableException("the server at " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted", e);
        }
    }

    /** The problem document as the exception a local run would have thrown, so the exit status is the same. */
    private StrokeKgException problem(int status, JsonNode p) {
        String detail = p.path("detail").asText(p.path("title").asText("HTTP " + status));
        if (status == 401 || status == 403) {
            String why = detail + (key.isEmpty() ? " (set STROKEKG_CURATOR_KEY to a key of STROKEKG_API_KEYS)" : "");
            return status == 401 ? AccessDeniedException.unauthenticated(why) : AccessDeniedException.forbidden(why);
        }
        if (status == 404) {
            return new NotFoundException(detail);
        }
        if (status == 409) {
            return new ConflictException(detail);
        }
        if (status == 400 || status == 422 || status == 413) {
            return new InvalidInputException(p.path("field").asText("request"), p.path("reason").asText(detail));
        }
        return new RetriableException("the server answered " + status + ": " + detail);
    }
}
