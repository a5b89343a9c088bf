package org.strokekg.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.search.VectorWait;
import org.strokekg.server.HttpApp;
import org.strokekg.server.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Answer-API latency and throughput at N concurrent HTTP clients, evidence mode, with the whole xywy crawl (its prose as
 * passages) and the 2,000 QA items of ../shared/data/qa loaded (as passages) beside the curated seed. Loading is slow
 * the first time (embedding some 87,000 passages: it waits until every vector is in place); with --work-dir the loaded
 * graph and indexes are kept for the next run.
 */
@Command(name = "answer", mixinStandardHelpOptions = true,
        description = {"Answer-API latency and requests/s over HTTP.",
                "p50/p99 latency and requests/s at --clients concurrent HTTP clients (evidence mode), with the xywy "
                        + "crawl and the QA sample loaded; --work-dir keeps the loaded data for the next run."})
public final class BenchAnswerCommand implements Callable<Integer> {

    @Option(names = "--shared", defaultValue = "../shared/data", description = "the shared data directory (default: ${DEFAULT-VALUE})")
    Path shared;

    @Option(names = "--work-dir", description = "where the graph and indexes go, kept between runs (default: a temporary directory)")
    Path workDir;

    @Option(names = "--clients", defaultValue = "16", description = "concurrent clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", defaultValue = "60", description = "measured duration of the repeats (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup", defaultValue = "20", description = "warm-up seconds on the stroke questions, not measured (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--questions", defaultValue = "src/test/resources/eval/stroke-eval.jsonl",
            description = "JSONL of stroke questions (field question): the warm-up's, and asked again with the QA sample's in the repeats (default: ${DEFAULT-VALUE})")
    Path questionsFile;

    @Spec
    CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path crawl = shared.resolve("kg/Tonystark-001_MedicalKGQA");
        Path qa = shared.resolve("qa/medical_qa_sample_nonstroke.jsonl");
        if (!Files.isDirectory(crawl) || !Files.isRegularFile(qa)) {
            throw new InvalidInputException("--shared", "needs " + crawl + " and " + qa);
        }
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("strokekg-bench-answer") : workDir;
        Map<String, String> env = new LinkedHashMap<>(Config.load().env()); // the process settings, then the bench's own
        env.put("STROKEKG_DATA_DIR", dir.toString());
        env.remove("NEO4J_URI");
        Config config = Config.fromEnvironment(env).withBoltPort(BenchSupport.freePort());
        out.printf("machine: %d cores, max heap %d MiB, java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version());
        try (StrokeKg kg = StrokeKg.open(config, new Readiness())) {
            long t0 = System.nanoTime();
            // the passages' vectors (the crawl's prose: tens of thousands) wait for the load, then the benchmark waits
            // for them: answers are measured with every vector in place
            try (Stream<Path> files = Files.list(crawl); AutoCloseable hold = kg.passageIndex().holdVectors()) {
                for (Path f : files.filter(p -> p.getFileName().toString().matches("medical_\\d+\\.json")).sorted().toList()) {
                    report(out, kg.curation().load(List.of(LoadInput.of(f, Optional.empty())), "bench", false,
                            ProgressListener.NONE));
                }
                report(out, kg.curation().load(List.of(qaPassages(qa)), "bench", false, ProgressListener.NONE));
            }
            var stats = kg.graph().stats();
            out.printf("loaded in %.0f s: %,d entities, %,d relations, %,d passages (load average %s)%n",
                    (System.nanoTime() - t0) / 1e9, stats.entities(), stats.relations(), stats.passages(),
                    BenchSupport.loadAverage());
            long tv = System.nanoTime();
            VectorWait.await(kg.passageIndex(), spec.commandLine().getErr());
            out.printf("vectors ready %.0f s later: %s (load average %s)%n", (System.nanoTime() - tv) / 1e9,
                    kg.passageIndex().vectorProgress(), BenchSupport.loadAverage());

            List<String> stroke = questions(questionsFile);
            List<String> sample = questions(qa);
            List<String> all = new ArrayList<>(stroke);
            all.addAll(sample);
            Readiness ready = new Readiness();
            ready.ready();
            Javalin http = HttpApp.create(ready, CompletableFuture.completedFuture(kg.serverServices()))
                    .start("127.0.0.1", 0);
            try {
                String url = "http://127.0.0.1:" + http.port() + "/api/v1/answer";
                out.printf("%d clients; warm-up %d s on the %d stroke questions; then each of the %,d QA-sample "
                        + "questions once (new questions: their graph reads not cached yet); then %d s of all %,d "
                        + "questions again (repeats)%n", clients, warmup, stroke.size(), sample.size(), seconds,
                        all.size());
                run(url, stroke, warmup, false, new ConcurrentLinkedQueue<>());
                measure(out, "first pass, new questions", url, sample, 0, true);
                measure(out, "repeats", url, all, seconds, false);
            } finally {
                http.stop();
            }
        } finally {
            if (temporary) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    private void measure(PrintWriter out, String phase, String url, List<String> questions, int durationSeconds,
                         boolean once) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long jit0 = jitMillis();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        AtomicInteger errors = run(url, questions, durationSeconds, once, latencies);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpu = processCpuNanos() - cpu0;
        long jit = jitMillis() - jit0;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        out.printf("answer API, %d clients, %s: %,d requests in %.1f s = %.1f req/s; p50 %.1f ms, p99 %.1f ms, "
                + "max %.1f ms; %d errors; CPU %.1f ms a request (the whole process: server, Neo4j and clients; "
                + "of it, JIT compiler threads %.1f s in all); load average %s%n",
                clients, phase, sorted.size(), elapsed, sorted.size() / elapsed, pct(sorted, 0.50) / 1e6,
                pct(sorted, 0.99) / 1e6, sorted.isEmpty() ? 0 : sorted.getLast() / 1e6, errors.get(),
                sorted.isEmpty() ? 0 : cpu / 1e6 / sorted.size(), jit / 1e3, BenchSupport.loadAverage());
        out.flush();
    }

    /** Clients take the questions in turn: for the duration, or ({@code once}) until each has been asked once. */
    private AtomicInteger run(String url, List<String> questions, int durationSeconds, boolean once,
                              ConcurrentLinkedQueue<Long> latencies) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long end = once ? Long.MAX_VALUE : System.nanoTime() + durationSeconds * 1_000_000_000L;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().name("bench-client-" + c).start(() -> {
                while (System.nanoTime() < end) {
                    int i = next.getAndIncrement();
                    if (once && i >= questions.size()) {
                        return;
                    }
                    String q = questions.get(Math.floorMod(i, questions.size()));
                    ObjectNode body = JSON.createObjectNode().put("question", q);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
                    long t = System.nanoTime();
                    try {
                        HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            latencies.add(System.nanoTime() - t);
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return errors;
    }

    /** The QA sample as passages: title the question, text the reference answer, source the item's. */
    static LoadInput qaPassages(Path qa) throws IOException {
        StringBuilder jsonl = new StringBuilder();
        try (BufferedReader r = Files.newBufferedReader(qa, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode item = JSON.readTree(line);
                // a passage title is one line; some questions span several
                String title = item.path("question").asText().replaceAll("\\s+", " ").strip();
                ObjectNode p = JSON.createObjectNode();
                p.put("id", "qa-" + item.path("id").asText());
                p.put("title", title.length() > 180 ? title.substring(0, 180) : title);
                p.put("text", item.path("reference_answer").asText().strip());
                p.put("source", item.path("source").asText() + " (" + item.path("source_repo").asText() + ")");
                p.putArray("entities");
                p.put("topic", "qa-sample");
                jsonl.append(p).append('\n');
            }
        }
        byte[] bytes = jsonl.toString().getBytes(StandardCharsets.UTF_8);
        return new LoadInput(qa.getFileName().toString(), () -> new ByteArrayInputStream(bytes), bytes.length,
                Optional.of(IngestFormat.PASSAGES_JSONL));
    }

    /** The questions of a JSONL file (field question), cut to 300 characters; none if the file is missing. */
    private static List<String> questions(Path file) throws IOException {
        List<String> qs = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    String q = JSON.readTree(line).path("question").asText().strip();
                    if (!q.isBlank()) {
                        qs.add(q.length() > 300 ? q.substring(0, 300) : q);
                    }
                }
            }
        }
        return qs;
    }

    /** A rejected file would leave the benchmark measuring a smaller corpus than it says: stop instead. */
    private static void report(PrintWriter out, LoadResult r) {
        out.printf("  %s: %s %s%n", r.label(), r.status().json(), r.ok() ? "" : r.errors().stream().limit(3).toList());
        if (r.status() == LoadResult.Status.REJECTED) {
            throw new InvalidInputException("--shared", r.label() + " was rejected: " + r.errors().stream().limit(3).toList());
        }
    }

    /**
     * CPU time of this process so far: with everything in one process it shows what a request costs, which the
     * throughput on a shared two-core machine shows only through its neighbours' load.
     */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /**
     * CPU time of the JIT compiler threads so far, in ms, read from Linux's /proc (0 elsewhere): part of the process's
     * CPU that a longer-running server would not pay again. (The JVM's own compilation-time counter adds up wall time
     * of threads that wait for a core here, so it says little on two busy cores.)
     */
    private static long jitMillis() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> all = Files.list(tasks)) {
            for (Path t : all.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                    if (open < 0 || close < open || !stat.substring(open + 1, close).contains("Compiler")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);     // utime, stime
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * 10;  // USER_HZ is 100 on Linux
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
