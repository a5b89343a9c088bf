package org.strokekg.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.houbb.opencc4j.util.ZhConverterUtil;
import com.github.houbb.opencc4j.util.ZhTwConverterUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Throughput of {@link TextNormalizer#forMatching} on every name of the xywy crawl (diseases, symptoms, drugs, checks,
 * foods, recipes…), simplified and converted to traditional, and how often both scripts fold to the same key.
 * Run: {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.strokekg.text.NormalizerBench}.
 */
public final class NormalizerBench {

    public static void main(String[] args) throws Exception {
        Path dir = SharedData.dir().orElseThrow().resolve("data/kg/Tonystark-001_MedicalKGQA");
        ObjectMapper json = new ObjectMapper();
        List<String> names = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                json.readTree(f.toFile()).forEach(rec -> collect(rec, names));
            }
        }
        Set<String> distinct = new LinkedHashSet<>(names);
        List<String> traditional = distinct.stream().map(ZhConverterUtil::toTraditional).toList();
        System.out.printf("names: %,d (distinct %,d)%n", names.size(), distinct.size());
        for (int round = 0; round < 5; round++) {
            long t = System.nanoTime();
            long chars = 0;
            for (String n : names) {
                chars += TextNormalizer.forMatching(n).length();
            }
            long simp = System.nanoTime() - t;
            t = System.nanoTime();
            for (String n : traditional) {
                chars += TextNormalizer.forMatching(n).length();
            }
            long trad = System.nanoTime() - t;
            System.out.printf("round %d: simplified %,d names in %.1f ms (%.0f ns/name); traditional %,d in %.1f ms (%.0f ns/name) [%d]%n",
                    round, names.size(), simp / 1e6, (double) simp / names.size(), traditional.size(), trad / 1e6,
                    (double) trad / traditional.size(), chars % 10);
        }
        long t = System.nanoTime();
        for (String n : traditional.subList(0, 20_000)) {
            ZhConverterUtil.toSimple(n);
        }
        System.out.printf("opencc4j toSimple for comparison: %.0f ns/name%n", (System.nanoTime() - t) / 20_000.0);
        int same = 0;
        int sameTw = 0;
        List<String> misses = new ArrayList<>();
        int i = 0;
        for (String n : distinct) {
            String key = TextNormalizer.forMatching(n);
            if (TextNormalizer.forMatching(traditional.get(i++)).equals(key)) {
                same++;
            } else if (misses.size() < 15) {
                misses.add(n + "/" + traditional.get(i - 1));
            }
            if (TextNormalizer.forMatching(ZhTwConverterUtil.toTraditional(n)).equals(key)) {
                sameTw++;
            }
        }
        System.out.printf("s2t round trip folds to the same key: %d / %d; s2twp (Taiwan phrases change words): %d / %d%n",
                same, distinct.size(), sameTw, distinct.size());
        System.out.println("first misses: " + misses);
    }

    private static void collect(JsonNode rec, List<String> out) {
        JsonNode g = rec.path("gaishu_info");
        out.add(g.path("name").asText());
        for (String field : List.of("has_complication", "belongs_to_department", "treat_way", "common_drug")) {
            g.path(field).forEach(n -> out.add(n.asText()));
        }
        rec.path("symptom_data").path("symptoms").forEach(n -> out.add(n.asText()));
        rec.path("inspect_info").forEach(n -> out.add(n.asText()));
        JsonNode food = rec.path("food_info");
        for (String field : List.of("recommand_recipes", "good_food", "avoid_food")) {
            food.path(field).forEach(n -> out.add(n.asText()));
        }
    }
}
