package org.strokekg.bench;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.server.HttpApp;
import org.strokekg.server.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A soak: many connections for a while, mixing the read API, answers and a curator who loads a batch and undoes it
 * every few seconds; then the errors, the latency percentiles per kind of request, and the server's resident memory
 * at the start, the middle and the end. By default it starts a server of its own (embedded graph, the curated seed,
 * evidence answers); {@code --url} and {@code --key} soak a running one ({@code --pid} to read its memory).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Soak the server with mixed reads, answers and curator writes.",
                "--connections clients for --seconds, a load + undo every --write-every s; prints errors, p50/p99 per "
                        + "kind, resident memory at start, middle and end."})
public final class BenchSoakCommand implements Callable<Integer> {

    @Option(names = "--connections", defaultValue = "64", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--seconds", defaultValue = "60", description = "how long (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--write-every", defaultValue = "3", description = "seconds between curator writes (default: ${DEFAULT-VALUE})")
    int writeEvery;

    @Option(names = "--url", description = "soak this running server instead of starting one, e.g. http://127.0.0.1:8080")
    String url;

    @Option(names = "--key", description = "a curator key of the --url server (for the writes)")
    String key;

    @Option(names = "--pid", description = "the --url server's process id, to read its resident memory")
    Long pid;

    @Option(names = "--work-dir", description = "the own server's data directory (default: a temporary one, removed after)")
    Path workDir;

    @Spec
    CommandSpec spec;

    private static final List<String> NAMES = List.of("中风", "偏瘫", "脑梗死", "高血压", "肩痛", "吞咽", "失语", "痉挛",
            "康复", "阿司匹林", "stroke", "腦中風");
    private static final List<String> IDS = List.of("stroke", "hemiplegia", "spasticity", "ischemic-stroke",
            "hypertension", "aphasia", "dysphagia");
    private static final List<String> QUESTIONS = List.of("中风后手臂僵硬怎么办", "偏瘫患者如何进行康复训练",
            "脑梗死有哪些早期症状", "高血压和中风有什么关系", "中風後吞嚥困難怎麼辦", "what are the warning signs of stroke");

    /** Latencies (ns) and errors of one kind of request. */
    private record Kind(ConcurrentLinkedQueue<Long> nanos, AtomicLong errors) {
        Kind() {
            this(new ConcurrentLinkedQueue<>(), new AtomicLong());
        }
    }

    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || seconds < 1 || writeEvery < 1) {
            throw new InvalidInputException("--connections/--seconds/--write-every", "must be at least 1");
        }
        if (url != null && key == null) {
            throw new InvalidInputException("--key", "a curator key of the --url server is needed for the writes");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (url != null) {
            return soak(out, url.replaceAll("/+$", ""), key, Optional.ofNullable(pid), "the server at " + url);
        }
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("strokekg-bench-soak") : workDir;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String curatorKey = HexFormat.of().formatHex(random);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STROKEKG_DATA_DIR", dir.resolve("data").toString());
        env.put("STROKEKG_API_KEYS", "soak=" + curatorKey + ":curator");
        Config config = Config.fromEnvironment(env).withBoltPort(BenchSupport.freePort());
        try (StrokeKg kg = StrokeKg.open(config, new Readiness())) {
            Readiness ready = new Readiness();
            ready.ready();
            Javalin http = HttpApp.create(ready, CompletableFuture.completedFuture(kg.serverServices()))
                    .start("127.0.0.1", 0);
            try {
                return soak(out, "http://127.0.0.1:" + http.port(), curatorKey, Optional.of(ProcessHandle.current().pid()),
                        "its own server (embedded graph, curated seed, evidence answers)");
            } finally {
                http.stop();
            }
        } finally {
            if (temporary) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private int soak(PrintWriter out, String base, String curatorKey, Optional<Long> serverPid, String what)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        out.printf("soak: %d connections for %d s against %s; a curator loads and undoes a batch every %d s; "
                + "%d cores%n", connections, seconds, what, writeEvery, Runtime.getRuntime().availableProcessors());
        out.flush();
        // one pass over every kind first, so the start's memory is a running server's, not a cold one's
        for (int i = 0; i < 3; i++) {
            request(client, base, "warm-up", i);
        }
        kinds.clear();
        errorSamples.clear();
        long rssStart = rss(serverPid);
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int n = c;
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    request(client, base, null, n);
                }
            }));
        }
        threads.add(Thread.ofVirtual().start(() -> curator(client, base, curatorKey, end)));
        Thread.sleep(seconds * 500L);
        long rssMiddle = rss(serverPid);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long rssEnd = rss(serverPid);
        long total = kinds.values().stream().mapToLong(k -> k.nanos().size()).sum();
        long errors = kinds.values().stream().mapToLong(k -> k.errors().get()).sum();
        out.printf("requests %,d (%.1f/s), errors %d%n", total, total / elapsed, errors);
        List<Long> all = new ArrayList<>();
        kinds.forEach((name, k) -> all.addAll(k.nanos()));
        new java.util.TreeMap<>(kinds).forEach((name, k) -> line(out, name, new ArrayList<>(k.nanos()), k.errors().get()));
        line(out, "all", all, errors);
        out.printf("resident memory: start %s, middle %s, end %s%n", mib(rssStart), mib(rssMiddle), mib(rssEnd));
        errorSamples.stream().limit(5).forEach(s -> out.println("  error: " + s));
        out.flush();
        return errors == 0 ? 0 : BenchSupport.FAILED;
    }

    /** One request of a kind drawn by weight: most read the graph, a quarter ask a question. */
    private void request(HttpClient client, String base, String forced, int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int pick = forced != null ? n * 40 % 100 : r.nextInt(100);
        String id = IDS.get(r.nextInt(IDS.size()));
        HttpRequest.Builder b;
        String kind;
        if (pick < 35) {
            kind = "read: search";
            b = get(base + "/api/v1/entities?q=" + q(NAMES.get(r.nextInt(NAMES.size()))));
        } else if (pick < 50) {
            kind = "read: entity";
            b = get(base + "/api/v1/entities/" + id);
        } else if (pick < 60) {
            kind = "read: neighbours";
            b = get(base + "/api/v1/entities/" + id + "/neighbours?depth=" + (1 + r.nextInt(2)));
        } else if (pick < 70) {
            kind = "read: paths+stats";
            b = get(base + (r.nextBoolean() ? "/api/v1/stats" : "/api/v1/paths?from=ischemic-stroke&to=hypertension"));
        } else {
            kind = "answer";
            b = HttpRequest.newBuilder(URI.create(base + "/api/v1/answer")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"" + QUESTIONS.get(r.nextInt(QUESTIONS.size()))
                            + "\"}", StandardCharsets.UTF_8));
        }
        send(client, b, kind, 200);
    }

    /** Loads a small batch of its own, then undoes it, every few seconds; the last one is undone too. */
    private void curator(HttpClient client, String base, String curatorKey, long end) {
        int cycle = 0;
        String loaded = null;
        while (System.nanoTime() < end || loaded != null) {
            long next = System.nanoTime() + writeEvery * 1_000_000_000L;
            if (loaded == null && System.nanoTime() < end) {
                String csv = "subject,subject_type,predicate,object,object_type,source\n"
                        + "脑卒中,Disease,HAS_SYMPTOM,soak-" + ProcessHandle.current().pid() + "-" + cycle
                        + "-症状,Symptom,soak bench\n";
                HttpResponse<String> resp = send(client, HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/batches?format=csv&name=soak.csv")).header("Authorization", "Bearer " + curatorKey)
                        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv,
                                StandardCharsets.UTF_8)), "write: load", 201);
                if (resp != null && resp.statusCode() == 201) {
                    int at = resp.body().indexOf("\"batchId\":\"");
                    loaded = at < 0 ? null : resp.body().substring(at + 11, resp.body().indexOf('"', at + 11));
                }
                cycle++;
            } else if (loaded != null) {
                send(client, HttpRequest.newBuilder(URI.create(base + "/api/v1/batches/" + loaded))
                        .header("Authorization", "Bearer " + curatorKey).DELETE(), "write: undo", 200);
                loaded = null;
            }
            long wait = (next - System.nanoTime()) / 1_000_000;
            if (wait > 0 && System.nanoTime() < end) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest.Builder b, String kind, int expected) {
        Kind k = kinds.computeIfAbsent(kind, x -> new Kind());
        long t = System.nanoTime();
        try {
            HttpResponse<String> resp = client.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            k.nanos().add(System.nanoTime() - t);
            if (resp.statusCode() != expected) {
                k.errors().incrementAndGet();
                errorSamples.add(kind + ": " + resp.statusCode() + " " + resp.body().substring(0,
                        Math.min(200, resp.body().length())));
            }
            return resp;
        } catch (IOException e) {
            k.nanos().add(System.nanoTime() - t);
            k.errors().incrementAndGet();
            errorSamples.add(kind + ": " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void line(PrintWriter out, String name, List<Long> nanos, long errors) {
        nanos.sort(null);
        out.printf("  %-18s %,8d requests, %d errors, p50 %7.1f ms, p99 %7.1f ms, max %7.1f ms%n", name, nanos.size(),
                errors, pct(nanos, 0.50), pct(nanos, 0.99), nanos.isEmpty() ? 0 : nanos.getLast() / 1e6);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    private static HttpRequest.Builder get(String u) {
        return HttpRequest.newBuilder(URI.create(u)).GET();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Resident memory of a process, from /proc (Linux); -1 where it cannot be read. */
    static long rss(Optional<Long> pid) {
        if (pid.isEmpty()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid.get()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) << 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : (bytes >> 20) + " MiB";
    }
}
