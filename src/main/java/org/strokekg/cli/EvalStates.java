package org.strokekg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.BatchInfo;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.ingest.Seed;
import org.strokekg.search.VectorWait;
import org.strokekg.server.Readiness;

/**
 * The knowledge states {@code strokekg eval} answers from. {@code seed}: the curated seed alone; {@code crawl}: the
 * seed and every file of the xywy crawl ({@code ../shared/data/kg/Tonystark-001_MedicalKGQA/medical_N.json}); each in
 * a data dir of its own under the work dir (kept, so the crawl is loaded once and reused; a temporary one otherwise),
 * with an embedded Neo4j on a free port and the default settings of a fresh deployment (evidence mode, answers in the
 * question's script): the user's environment does not change what is measured. A kept data dir records the seed it
 * was built from ({@value #STAMP}); built from another seed (the curated files changed since), it is built again, so a
 * reused work dir never measures a stale seed. {@code data}: the configured data dir or graph as it is. Nothing else
 * is loaded: the sets' own answers never become passages. The seed's passages are measured with their vectors; the
 * crawl's ~85,000 prose passages are searched by BM25 alone (their vectors, which a deployment embeds in the
 * background over ~40 minutes, are held back while a state is open), so a measurement does not depend on how far
 * the embedding had got and a rebuilt crawl state costs minutes, not the better part of an hour.
 */
final class EvalStates {

    static final String SEED = "seed";
    static final String CRAWL = "crawl";
    static final String DATA = "data";
    static final String CRAWL_DIR = "kg/Tonystark-001_MedicalKGQA";
    static final String STAMP = "eval-seed.sha256";

    private EvalStates() {
    }

    /** A state opened for evaluation; closing it closes the app and removes a temporary data dir. */
    record Opened(String name, StrokeKg kg, Optional<Path> temporary, AutoCloseable vectorHold)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                vectorHold.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            kg.close();
            temporary.ifPresent(EvalStates::delete);
        }
    }

    static Opened open(String state, Optional<Path> workDir, Path shared, AppOptions app, PrintWriter err) {
        if (state.equals(DATA)) {
            return new Opened(state, app.open(), Optional.empty(), () -> { });
        }
        if (!state.equals(SEED) && !state.equals(CRAWL)) {
            throw new InvalidInputException("--state", "one of seed, crawl, data; got " + state);
        }
        List<Path> crawl = state.equals(CRAWL) ? crawlFiles(shared) : List.of();
        Path dir;
        Optional<Path> temporary = Optional.empty();
        try {
            if (workDir.isPresent()) {
                dir = workDir.get().resolve(state);
                String seed = seedFingerprint();
                Path stamp = dir.resolve(STAMP);
                if (Files.isDirectory(dir) && !(Files.isRegularFile(stamp) && Files.readString(stamp).equals(seed))) {
                    err.printf("%s: %s was built from another seed: building it again%n", state, dir);
                    delete(dir);
                }
                Files.createDirectories(dir);
                Files.writeString(stamp, seed);
            } else {
                dir = Files.createTempDirectory("strokekg-eval-" + state);
                temporary = Optional.of(dir);
            }
        } catch (IOException e) {
            throw new InvalidInputException("--work-dir", "cannot create a data dir: " + e.getMessage(), e);
        }
        Config config = Config.fromEnvironment(Map.of("STROKEKG_DATA_DIR", dir.toString(),
                "STROKEKG_BOLT_PORT", Integer.toString(freePort())));
        StrokeKg kg = StrokeKg.open(config, new Readiness());
        AutoCloseable hold = () -> { };
        try {
            if (crawl.isEmpty() || loaded(kg).isEmpty()) {
                VectorWait.await(kg.passageIndex(), err); // the seed's passages: seconds
            }
            if (!crawl.isEmpty()) {
                hold = kg.passageIndex().holdVectors();
                loadCrawl(kg, crawl, err);
            }
        } catch (RuntimeException e) {
            kg.close();
            temporary.ifPresent(EvalStates::delete);
            throw e;
        }
        return new Opened(state, kg, temporary, hold);
    }

    /** SHA-256 over the seed files this build ships (names and bytes, in manifest order). */
    static String seedFingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (List<LoadInput> batch : Seed.batches().values()) {
                for (LoadInput in : batch) {
                    sha.update(in.name().getBytes(StandardCharsets.UTF_8));
                    try (InputStream data = in.opener().open()) {
                        sha.update(data.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The crawl's files in number order; an error when the shared data lacks them. */
    static List<Path> crawlFiles(Path shared) {
        Path dir = shared.resolve(CRAWL_DIR);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("--shared", "the crawl state needs " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("medical_\\d+\\.json"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                            .replaceAll("\\D", ""))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the crawl files this data dir does not hold yet (a kept work dir loads them once). */
    /** The labels of the crawl files this data dir holds. */
    private static Set<String> loaded(StrokeKg kg) {
        return kg.curation().batches(10_000).stream().map(BatchInfo::label)
                .filter(l -> l.matches("medical_\\d+\\.json")).collect(Collectors.toSet());
    }

    private static void loadCrawl(StrokeKg kg, List<Path> files, PrintWriter err) {
        Set<String> loaded = loaded(kg);
        long t0 = System.nanoTime();
        int n = 0;
        for (Path f : files) {
            if (loaded.contains(f.getFileName().toString())) {
                continue;
            }
            LoadResult r = kg.curation().load(List.of(LoadInput.of(f, Optional.empty())), "eval", false,
                    ProgressListener.NONE);
            if (r.status() == LoadResult.Status.REJECTED) {
                throw new InvalidInputException("--shared", r.label() + " was rejected: "
                        + r.errors().stream().limit(3).toList());
            }
            n++;
        }
        if (n > 0) {
            var stats = kg.graph().stats();
            err.printf("crawl: %d files loaded in %.0f s (%,d entities, %,d relations, %,d passages)%n", n,
                    (System.nanoTime() - t0) / 1e9, stats.entities(), stats.relations(), stats.passages());
            err.flush();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary dir left behind is harmless
        }
    }
}
