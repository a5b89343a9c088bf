package org.strokekg.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.strokekg.text.SharedData;

/**
 * Costs of linking and retrieval at the size of the real data: every name of the xywy crawl as an entity (with the
 * disease aliases of the 39.net table), the 2,000 QA items plus the hand-written passages. Prints index build times and
 * per-question latencies (single thread, and 16 threads as the answer benchmark runs). Not a test: run it by hand,
 * {@code java -cp target/classes:target/test-classes:<deps> org.strokekg.search.SearchBench [qaItems]}.
 */
public final class SearchBench {

    private static final List<String> QUESTIONS = List.of(
            "中风后手臂僵硬怎么办", "中風後手臂僵硬怎麼辦", "脑梗死和高血压有什么关系", "What is TIA", "偏瘫三年了怎么康复",
            "脑出血手术后多久能下床", "阿司匹林要吃多久", "卒中后吞咽困难怎么训练", "腔隙性脑梗死严重吗", "中风的早期症状有哪些",
            "腦梗塞的治療方法", "糖尿病人如何预防中风", "stroke rehabilitation exercises at home", "肩手综合征怎么治疗",
            "失语症能恢复吗", "房颤病人要吃抗凝药吗");

    public static void main(String[] args) throws Exception {
        Path shared = SharedData.dir().orElseThrow(() -> new IllegalStateException("../shared not found"));
        int qaItems = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("searchbench");
        List<EntityDoc> entities = crawlEntities(shared);
        System.out.printf("machine: %d cpus, load average %.1f%n", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        long t = System.nanoTime();
        var model = Embeddings.bgeSmallZh();
        System.out.printf("bge-small-zh loaded in %d ms%n", ms(t));
        try (EntityIndex ents = EntityIndex.open(dir.resolve("entities"), new StrokeAnalyzer());
             PassageIndex passages = PassageIndex.open(dir.resolve("passages"), ents.analyzer(), model)) {
            t = System.nanoTime();
            ents.replaceAll(entities);
            System.out.printf("entity index: %,d entities, %,d dictionary terms, built in %d ms%n", ents.count(),
                    ents.dictionaryTerms(), ms(t));
            t = System.nanoTime();
            ents.upsert(List.of(new EntityDoc("bench:new", "Disease", "测试新病", List.of("bench disease"), "")));
            System.out.printf("one-entity upsert (commit + dictionary rebuild): %d ms%n", ms(t));

            List<PassageDoc> docs = new ArrayList<>(PassageFixtures.PASSAGES);
            QaSample.path().ifPresent(p -> docs.addAll(QaSample.read(p, qaItems)));
            t = System.nanoTime();
            passages.replaceAll(docs);
            long indexMs = ms(t);
            System.out.printf("passage index: %,d passages embedded and indexed in %.1f s (%.1f ms a passage)%n",
                    docs.size(), indexMs / 1000.0, (double) indexMs / docs.size());

            for (String q : QUESTIONS) {
                System.out.printf("  link %-40s → %s%n", q, ents.link(q).stream()
                        .map(m -> m.name() + "(" + m.how() + ")").collect(Collectors.joining(", ")));
            }
            measure("link", 30, q -> ents.link(q));
            measure("BM25 search", 30, q -> passages.search(new PassageQuery(q, linked(ents, q), 5, PassageQuery.Mode.BM25)));
            measure("hybrid search, cached query vector", 30,
                    q -> passages.search(PassageQuery.hybrid(q, linked(ents, q), 5)));
            int[] n = {0};
            measure("hybrid search, new question (embeds)", 3,
                    q -> passages.search(PassageQuery.hybrid(q + " " + (n[0]++), Set.of(), 5)));
            concurrent(16, 40, q -> passages.search(PassageQuery.hybrid(q, linked(ents, q), 5)), ents);
        }
    }

    interface Work {
        Object run(String question) throws Exception;
    }

    private static Set<String> linked(EntityIndex ents, String q) {
        return ents.link(q).stream().map(EntityMention::entityId).collect(Collectors.toSet());
    }

    private static void measure(String what, int rounds, Work work) throws Exception {
        for (String q : QUESTIONS) {
            work.run(q); // warm-up: JIT, caches
        }
        List<Long> times = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (String q : QUESTIONS) {
                long t = System.nanoTime();
                work.run(q);
                times.add(System.nanoTime() - t);
            }
        }
        System.out.printf("%-40s p50 %6.2f ms  p99 %6.2f ms  (%d calls)%n", what, pct(times, 50), pct(times, 99), times.size());
    }

    private static void concurrent(int threads, int rounds, Work work, EntityIndex ents) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < threads; c++) {
                int offset = c;
                futures.add(pool.submit(() -> {
                    List<Long> times = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        String q = QUESTIONS.get((r + offset) % QUESTIONS.size());
                        long t = System.nanoTime();
                        ents.link(q);
                        work.run(q);
                        times.add(System.nanoTime() - t);
                    }
                    return times;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d threads, link + hybrid (cached vectors): p50 %.2f ms, p99 %.2f ms, %.0f questions/s%n",
                    threads, pct(all, 50), pct(all, 99), all.size() / seconds);
        } finally {
            pool.shutdown();
        }
    }

    private static double pct(List<Long> nanos, int p) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Every distinct name of the crawl, typed by where it occurs, with the 39.net aliases for diseases. */
    static List<EntityDoc> crawlEntities(Path shared) throws Exception {
        Map<String, String> typeByName = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        Path kg = shared.resolve("data/kg/Tonystark-001_MedicalKGQA");
        try (var files = Files.list(kg)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode rec : json.readTree(f.toFile())) {
                    JsonNode g = rec.path("gaishu_info");
                    typeByName.putIfAbsent(g.path("name").asText(), "Disease");
                    g.path("has_complication").forEach(n -> typeByName.putIfAbsent(n.asText(), "Disease"));
                    g.path("belongs_to_department").forEach(n -> typeByName.putIfAbsent(n.asText(), "Department"));
                    g.path("treat_way").forEach(n -> typeByName.putIfAbsent(n.asText(), "Treatment"));
                    g.path("common_drug").forEach(n -> typeByName.putIfAbsent(n.asText(), "Drug"));
                    rec.path("symptom_data").path("symptoms").forEach(n -> typeByName.putIfAbsent(n.asText(), "Symptom"));
                    rec.path("inspect_info").forEach(n -> typeByName.putIfAbsent(n.asText(), "Examination"));
                    JsonNode food = rec.path("food_info");
                    for (String field : List.of("good_food", "avoid_food", "recommand_recipes")) {
                        food.path(field).forEach(n -> typeByName.putIfAbsent(n.asText(), "Food"));
                    }
                }
            }
        }
        Map<String, List<String>> aliases = new HashMap<>();
        Path csv = shared.resolve("data/kg/zhihao-chen_QASystemOnMedicalGraph/disease.csv");
        if (Files.isRegularFile(csv)) {
            try (BufferedReader r = Files.newBufferedReader(csv, Charset.forName("GB18030"))) {
                r.readLine();
                String line;
                while ((line = r.readLine()) != null) {
                    List<String> cells = csvCells(line);
                    if (cells.size() > 1 && !cells.get(1).isBlank()) {
                        aliases.computeIfAbsent(cells.get(0).strip(), k -> new ArrayList<>())
                                .addAll(Arrays.stream(cells.get(1).split("[,，、]")).map(String::strip)
                                        .filter(s -> !s.isEmpty()).toList());
                    }
                }
            }
        }
        List<EntityDoc> out = new ArrayList<>(StrokeFixtures.ENTITIES);
        int i = 0;
        for (Map.Entry<String, String> e : typeByName.entrySet()) {
            if (e.getKey().isBlank()) {
                continue;
            }
            List<String> a = e.getValue().equals("Disease") ? aliases.getOrDefault(e.getKey(), List.of()) : List.of();
            out.add(new EntityDoc("x:" + (i++), e.getValue(), e.getKey(), a.stream().distinct().toList(), ""));
        }
        return out;
    }

    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        cells.add(cur.toString());
        return cells;
    }
}
