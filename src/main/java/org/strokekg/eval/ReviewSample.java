package org.strokekg.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.strokekg.error.InvalidInputException;

/**
 * The fixed random sample of the clinical review: 30 Chinese patient questions of the non-stroke sample (its
 * open_qa items: online consultations, not the textbook cases), 20 Chinese stroke dev items (14 simplified, 6
 * traditional, never an item and its converted copy both) and 20 English stroke dev items. Drawn by shuffling each
 * pool, ordered by id, with {@link Random} of a given seed (its algorithm is fixed by the JDK's specification, so the
 * same seed draws the same ids anywhere); the ids are kept in the repository as TSV so a later review reads the same
 * answers.
 */
public final class ReviewSample {

    public static final long SEED = 20261207L;
    public static final String NONSTROKE_ZH = "nonstroke-zh";
    public static final String STROKE_ZH = "stroke-zh";
    public static final String STROKE_EN = "stroke-en";
    private static final String HEADER = "id\tset\tgroup\tlang";

    /** One sampled item: its id, its set, its review group and language. */
    public record Entry(String id, String set, String group, String lang) {
    }

    private ReviewSample() {
    }

    /** The sample of the two public sets for a seed. */
    public static List<Entry> draw(List<QaItem> strokeDev, List<QaItem> nonstroke, long seed) {
        Random random = new Random(seed);
        List<Entry> out = new ArrayList<>();
        for (QaItem i : take(nonstroke.stream().filter(q -> q.type().equals("open_qa")).toList(), 30, random,
                Set.of())) {
            out.add(new Entry(i.id(), QaSets.NONSTROKE, NONSTROKE_ZH, i.lang()));
        }
        List<QaItem> zh = take(strokeDev.stream().filter(q -> q.lang().equals("zh")).toList(), 14, random, Set.of());
        Set<String> taken = new HashSet<>(zh.stream().map(QaItem::id).toList());
        List<QaItem> hant = take(strokeDev.stream().filter(q -> q.lang().equals("zh-Hant")).toList(), 6, random,
                taken);
        for (QaItem i : zh) {
            out.add(new Entry(i.id(), QaSets.STROKE_DEV, STROKE_ZH, i.lang()));
        }
        for (QaItem i : hant) {
            out.add(new Entry(i.id(), QaSets.STROKE_DEV, STROKE_ZH, i.lang()));
        }
        for (QaItem i : take(strokeDev.stream().filter(q -> q.lang().equals("en")).toList(), 20, random, Set.of())) {
            out.add(new Entry(i.id(), QaSets.STROKE_DEV, STROKE_EN, i.lang()));
        }
        return out;
    }

    /** {@code n} items of the pool (shuffled in id order), none converted from an id in {@code exclude}. */
    private static List<QaItem> take(List<QaItem> pool, int n, Random random, Set<String> exclude) {
        List<QaItem> sorted = new ArrayList<>(pool);
        sorted.sort(Comparator.comparing(QaItem::id));
        Collections.shuffle(sorted, random);
        List<QaItem> out = sorted.stream().filter(i -> !exclude.contains(i.derivedFrom())).limit(n).toList();
        if (out.size() < n) {
            throw new InvalidInputException("--make-sample", "the pool has " + out.size() + " items, " + n
                    + " wanted");
        }
        return out.stream().sorted(Comparator.comparing(QaItem::id)).toList();
    }

    public static void write(Path tsv, List<Entry> sample, long seed) {
        List<String> lines = new ArrayList<>();
        lines.add("# The clinical review sample (docs/evaluation.md): drawn by `strokekg eval --make-sample` with seed "
                + seed + ";");
        lines.add("# the ids of ../shared/data/qa-stroke-dev/stroke_qa_dev.jsonl (stroke-dev) and "
                + "../shared/data/qa/medical_qa_sample_nonstroke.jsonl (nonstroke).");
        lines.add(HEADER);
        sample.forEach(e -> lines.add(e.id() + "\t" + e.set() + "\t" + e.group() + "\t" + e.lang()));
        try {
            if (tsv.getParent() != null) {
                Files.createDirectories(tsv.getParent());
            }
            Files.write(tsv, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("--make-sample", "cannot write " + tsv + ": " + e.getMessage(), e);
        }
    }

    public static List<Entry> read(Path tsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("--review-sample", "cannot read " + tsv + ": " + e.getMessage(), e);
        }
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.equals(HEADER)) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4) {
                throw new InvalidInputException("--review-sample", "expected id, set, group, lang: \"" + line + "\"");
            }
            out.add(new Entry(f[0], f[1], f[2], f[3]));
        }
        return out;
    }
}
