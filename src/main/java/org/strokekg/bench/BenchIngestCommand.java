package org.strokekg.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.bench.StoreFloor;
import org.strokekg.error.InvalidInputException;
import org.strokekg.graph.EntityProfiles;
import org.strokekg.graph.GraphStats;
import org.strokekg.ingest.Curation;
import org.strokekg.ingest.LoadInput;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.read.ProgressListener;
import org.strokekg.ingest.resolve.DuplicateFinder;
import org.strokekg.ingest.resolve.DuplicatePair;
import org.strokekg.ingest.resolve.NameMatching;
import org.strokekg.server.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Loads the whole xywy crawl (18 files, ~276k relations, ~16.7 million characters of prose as passages) through the same
 * validated ingest path as curators, into a fresh embedded graph, waits until every passage has its vector (embedded in
 * the background), then loads it again (all no-ops), and prints relations/s, the graph write's share, the time until
 * the vectors are ready, the entities the crawl adds and the peak heap, with the load average at each step. {@code --no-resolution} gives the baseline of the resolution benchmark (every distinct type and written
 * name its own entity); {@code --duplicates} times the duplicates report on the loaded graph.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Ingest speed: the xywy crawl into a fresh graph, twice.",
                "Every medical_*.json of the crawl (one batch per file), then again (no-ops); prints relations/s, "
                        + "entities added, and peak heap."})
public final class BenchIngestCommand implements Callable<Integer> {

    @Option(names = "--crawl", defaultValue = "../shared/data/kg/Tonystark-001_MedicalKGQA",
            description = "directory of medical_*.json (default: ${DEFAULT-VALUE})")
    Path crawl;

    @Option(names = "--aliases", description = "an alias file loaded first, e.g. the disease.csv alias column (format disease-csv-aliases)")
    Path aliases;

    @Option(names = "--no-seed", description = "start from an empty graph instead of the curated seed")
    boolean noSeed;

    @Option(names = "--no-resolution", description = {"baseline for the resolution benchmark: every distinct (type, written",
            "name) becomes its own entity (no script or case folding, no aliases, no type groups)"})
    boolean noResolution;

    @Option(names = "--duplicates", description = "after the load, time the duplicates report and count its pairs")
    boolean duplicates;

    @Option(names = "--floor", description = {"afterwards, write the loaded graph's shape again through Neo4j's own Java",
            "API into fresh databases (no Cypher, no Bolt, no validation): the floor no ingest can go under"})
    boolean floor;

    @Option(names = "--work-dir", description = "where the fresh graph goes (default: a temporary directory, deleted after)")
    Path workDir;

    @Option(names = "--no-vectors", description = "do not wait for the passages' vectors (they go on at the next start)")
    boolean noVectors;

    @Spec
    CommandSpec spec;

    /** The sum of the batches' write transactions in the last load (what the floor compares with). */
    private long graphWriteMs;

    @Override
    public Integer call() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(crawl)) {
            files = s.filter(p -> p.getFileName().toString().matches("medical_\\d+\\.json"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
        } catch (IOException e) {
            throw new InvalidInputException("--crawl", "cannot list " + crawl + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("--crawl", "no medical_*.json in " + crawl);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = workDir != null ? workDir : Files.createTempDirectory("strokekg-bench-ingest");
        Map<String, String> env = new LinkedHashMap<>(Config.load().env()); // the process settings, then the bench's own
        env.put("STROKEKG_DATA_DIR", dir.toString());
        env.put("STROKEKG_SEED", String.valueOf(!noSeed));
        env.remove("NEO4J_URI");
        Config config = Config.fromEnvironment(env).withBoltPort(BenchSupport.freePort());
        out.printf("machine: %d cores, max heap %d MiB, java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version());
        try {
            return run(out, files, dir, config);
        } finally {
            if (workDir == null) {
                deleteTree(dir);
            }
        }
    }

    private int run(PrintWriter out, List<Path> files, Path dir, Config config) throws IOException {
        Optional<StoreFloor.Shape> shape = Optional.empty();
        try (StrokeKg kg = StrokeKg.open(config, new Readiness())) {
            Curation curation = kg.curation().matching(noResolution ? NameMatching.LITERAL : NameMatching.RESOLVED);
            out.printf("resolution: %s%n", noResolution ? "off (every distinct type and written name is an entity)"
                    : "on (name or alias, either script, case-folded, within type groups)");
            GraphStats before = kg.graph().stats();
            out.printf("start: %,d entities, %,d relations%n", before.entities(), before.relations());
            if (aliases != null) {
                LoadResult a = curation.load(List.of(LoadInput.of(aliases,
                        Optional.of(org.strokekg.ingest.read.IngestFormat.DISEASE_CSV_ALIASES))), "bench", false,
                        ProgressListener.NONE);
                out.printf("aliases: %s %s, %d notes (alias of an absent name, of another entity, or ambiguous)%n",
                        a.status().json(), a.counts(), a.notes().size());
            }
            resetPeaks();
            out.printf("load average before the load: %s%n", BenchSupport.loadAverage());
            long t0 = System.nanoTime();
            long relations = 0;
            long triples = 0;
            long byAlias = 0;
            long writeMs = 0;
            long passages = 0;
            Map<String, Long> rules = new java.util.TreeMap<>();
            Map<String, Long> parts = new java.util.LinkedHashMap<>();
            // one batch per file, as curators load them; the next file is read and planned while one is written
            List<List<LoadInput>> perFile = files.stream().map(f -> List.of(LoadInput.of(f, Optional.empty()))).toList();
            for (LoadResult r : curation.loadEach(perFile, "bench", ProgressListener.NONE)) {
                if (!r.ok()) {
                    out.printf("%s rejected: %s%n", r.label(), r.errors().stream().limit(3).toList());
                    return 1;
                }
                relations += r.counts().getOrDefault("relationsCreated", 0L);
                triples += r.counts().getOrDefault("triples", 0L);
                byAlias += r.counts().getOrDefault("resolvedByAlias", 0L);
                writeMs += r.counts().getOrDefault("writeMs", 0L);
                for (String part : List.of("writeEntitiesMs", "writeTouchesMs", "writeRelationsMs", "writePassagesMs")) {
                    parts.merge(part, r.counts().getOrDefault(part, 0L), Long::sum);
                }
                passages += r.counts().getOrDefault("passages", 0L);
                r.mapping().forEach(m -> rules.merge(m.rule() + " (" + m.action() + ")", m.count(), Long::sum));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            graphWriteMs = writeMs;
            long peak = peakHeap();
            GraphStats after = kg.graph().stats();
            out.printf("load: %d files, %,d triples read, %,d relations created in %.1f s = %,.0f relations/s; "
                    + "peak heap %d MiB%n", files.size(), triples, relations, seconds, relations / seconds, peak >> 20);
            out.printf("graph: +%,d entities (%,d -> %,d), +%,d relations; %,d names resolved by an alias%n",
                    after.entities() - before.entities(), before.entities(), after.entities(),
                    after.relations() - before.relations(), byAlias);
            out.printf("passages: %,d from the crawl's prose, searchable by BM25 at each commit; graph write (the "
                    + "batches' transactions) %.1f s of the load; load average now %s%n", passages, writeMs / 1e3,
                    BenchSupport.loadAverage());
            long inside = parts.values().stream().mapToLong(Long::longValue).sum();
            out.printf("graph write by part: entities %.1f s, touches of existing entities %.1f s, relations %.1f s, "
                    + "passages %.1f s, the commits %.1f s%n", parts.get("writeEntitiesMs") / 1e3,
                    parts.get("writeTouchesMs") / 1e3, parts.get("writeRelationsMs") / 1e3,
                    parts.get("writePassagesMs") / 1e3, (writeMs - inside) / 1e3);
            out.printf("crawl rules: %s%n", rules);
            if (!noVectors) {
                long tv = System.nanoTime();
                var p = kg.passageIndex().vectorProgress();
                long lastPrint = tv;
                while (!p.done()) {
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    p = kg.passageIndex().vectorProgress();
                    if (System.nanoTime() - lastPrint > 300e9) {
                        lastPrint = System.nanoTime();
                        out.printf("  vectors: %,d of %,d after %.0f s (load average %s)%n", p.withVectors(),
                                p.passages(), (lastPrint - tv) / 1e9, BenchSupport.loadAverage());
                        out.flush();
                    }
                }
                double vs = (System.nanoTime() - tv) / 1e9;
                out.printf("vectors: all %,d passages have their vector %.0f s after the load (%.0f s after its start, "
                        + "%.1f passages/s); load average now %s%n", p.passages(), vs, (System.nanoTime() - t0) / 1e9,
                        passages / Math.max(1, vs), BenchSupport.loadAverage());
            }
            if (duplicates) {
                long td = System.nanoTime();
                List<DuplicatePair> pairs = new DuplicateFinder(new EntityProfiles(kg.store()), kg.vocabulary())
                        .find(Optional.empty(), DuplicateFinder.DEFAULT_MIN_SCORE, Integer.MAX_VALUE);
                Map<String, Long> bySignal = new java.util.TreeMap<>();
                pairs.forEach(p -> bySignal.merge(String.format(java.util.Locale.ROOT, "%.1f", Math.floor(p.score() * 10) / 10), 1L, Long::sum));
                out.printf("duplicates report: %,d pairs scoring >= %.1f (by score band %s) in %.1f s%n", pairs.size(),
                        DuplicateFinder.DEFAULT_MIN_SCORE, bySignal, (System.nanoTime() - td) / 1e9);
                pairs.stream().limit(5).forEach(p -> out.printf("  %.2f %s %s <- %s %s: %s%n", p.score(), p.keep().id(),
                        p.keep().name(), p.merge().id(), p.merge().name(), p.reasons().getFirst()));
            }
            long t1 = System.nanoTime();
            int unchanged = 0;
            for (Path f : files) {
                LoadResult r = curation.load(List.of(LoadInput.of(f, Optional.empty())), "bench", false,
                        ProgressListener.NONE);
                unchanged += r.status() == LoadResult.Status.UNCHANGED ? 1 : 0;
            }
            double reload = (System.nanoTime() - t1) / 1e9;
            out.printf("reload: %d/%d files unchanged in %.1f s%n", unchanged, files.size(), reload);
            if (floor) {
                shape = Optional.of(StoreFloor.shapeOf(kg.store()));
            }
        }
        if (shape.isPresent()) {
            Path floorDir = dir.resolve("floor");
            if (Files.exists(floorDir)) {
                deleteTree(floorDir);        // a kept --work-dir: the floor's databases must start empty
            }
            out.flush();
            StoreFloor.Result f = StoreFloor.measure(shape.get(), floorDir, config.pageCacheBytes(), files.size());
            out.printf("floor (Neo4j's Java API, same process, %d transactions each): %,d entities in %.1f s; "
                    + "%,d relations with a batch's properties in %.1f s, bare in %.1f s; %,d passages with their "
                    + "mentions in %.1f s%n", f.transactions(),
                    f.entityCount(), f.entities().toMillis() / 1e3, f.relationCount(),
                    f.relations().toMillis() / 1e3, f.bareRelations().toMillis() / 1e3, f.passageCount(),
                    f.passages().toMillis() / 1e3);
            out.printf("graph write %.1f s / floor %.1f s = %.2f x (load average %s)%n", graphWriteMs / 1e3,
                    f.total().toMillis() / 1e3, graphWriteMs / (double) Math.max(1, f.total().toMillis()),
                    BenchSupport.loadAverage());
        }
        return 0;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
