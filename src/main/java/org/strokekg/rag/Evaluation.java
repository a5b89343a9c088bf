package org.strokekg.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.strokekg.error.InvalidInputException;
import org.strokekg.search.EntityIndex;
import org.strokekg.search.EntityMention;
import org.strokekg.search.PassageHit;
import org.strokekg.search.PassageIndex;
import org.strokekg.search.PassageQuery;

/**
 * Scores the answer pipeline on labelled questions ({@code question} and {@code reference_answer} per JSONL line;
 * other fields ignored). Evidence recall: of the graph entities the reference answer names, the share that appear in
 * the returned evidence (graph path nodes, and entities named in the returned passages). The baseline is BM25 over
 * the same passages with no graph. Citation coverage: the share of answer sentences that cite evidence (the emergency
 * notice, which leads some answers, is not counted).
 */
public final class Evaluation {

    private static final Pattern SENTENCE = Pattern.compile("(?<=[。！？!?])|(?<=\\.)\\s+|\\n+");
    private static final Pattern CITED = Pattern.compile("\\[\\d+]");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One labelled question's scores. */
    public record Item(int line, String question, int referenceEntities, double recall, double baselineRecall,
                       double passageRecall, double citationCoverage, double latencyMs, List<String> missed) {
        public Item {
            missed = List.copyOf(missed);
        }
    }

    /** Means over the items (recall over items whose reference names at least one entity). */
    public record Report(List<Item> items, int scored, double recall, double baselineRecall, double passageRecall,
                         double citationCoverage, double latencyP50, double latencyP95) {
        public Report {
            items = List.copyOf(items);
        }
    }

    /** A labelled question. */
    public record Labelled(int line, String question, String reference) {
    }

    private final AnswerService answers;
    private final EntityIndex entities;
    private final PassageIndex passages;

    public Evaluation(AnswerService answers, EntityIndex entities, PassageIndex passages) {
        this.answers = answers;
        this.entities = entities;
        this.passages = passages;
    }

    public static List<Labelled> read(Path file) {
        List<Labelled> items = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j;
                try {
                    j = JSON.readTree(line);
                } catch (IOException e) {
                    throw new InvalidInputException("line " + n, "not JSON: " + e.getMessage(), e);
                }
                String q = j.path("question").asText("");
                String ref = j.path("reference_answer").asText("");
                if (q.isBlank()) {
                    throw new InvalidInputException("line " + n, "question is missing");
                }
                if (ref.isBlank()) {
                    throw new InvalidInputException("line " + n, "reference_answer is missing");
                }
                items.add(new Labelled(n, q, ref));
            }
        } catch (IOException e) {
            throw new InvalidInputException("FILE", "cannot read " + file + ": " + e.getMessage(), e);
        }
        return items;
    }

    public Report run(List<Labelled> labelled, int maxPassages, int maxPaths) {
        List<Item> items = new ArrayList<>();
        for (Labelled l : labelled) {
            items.add(score(l, maxPassages, maxPaths));
        }
        List<Item> scored = items.stream().filter(i -> i.referenceEntities() > 0).toList();
        List<Double> latencies = items.stream().map(Item::latencyMs).sorted().toList();
        return new Report(items, scored.size(), mean(scored.stream().map(Item::recall).toList()),
                mean(scored.stream().map(Item::baselineRecall).toList()),
                mean(scored.stream().map(Item::passageRecall).toList()),
                mean(items.stream().map(Item::citationCoverage).toList()), percentile(latencies, 0.5),
                percentile(latencies, 0.95));
    }

    Item score(Labelled l, int maxPassages, int maxPaths) {
        Set<String> reference = linked(l.reference());
        Answer a = answers.answer(new AnswerRequest(l.question(), java.util.Optional.empty(), maxPassages, maxPaths,
                java.util.Optional.empty(), java.util.Optional.empty()));
        Set<String> evidence = new LinkedHashSet<>();
        a.graphPaths().forEach(p -> p.nodes().forEach(n -> evidence.add(n.id())));
        a.passages().forEach(p -> evidence.addAll(linked(p.title() + "。" + p.text())));

        Set<String> hybridPassages = new LinkedHashSet<>();
        a.passages().forEach(p -> hybridPassages.addAll(linked(p.title() + "。" + p.text())));

        Set<String> baseline = new LinkedHashSet<>();
        for (PassageHit h : passages.search(new PassageQuery(l.question(), Set.of(), Math.max(1, maxPassages),
                PassageQuery.Mode.BM25))) {
            baseline.addAll(linked(h.doc().title() + "。" + h.doc().text()));
        }
        List<String> missed = reference.stream().filter(id -> !evidence.contains(id)).toList();
        return new Item(l.line(), l.question(), reference.size(), share(reference, evidence), share(reference, baseline),
                share(reference, hybridPassages), coverage(a), a.timings().total(), missed);
    }

    private Set<String> linked(String text) {
        Set<String> ids = new LinkedHashSet<>();
        for (EntityMention m : entities.link(text)) {
            if (m.how() != EntityMention.How.FUZZY) {
                ids.add(m.entityId());
            }
        }
        return ids;
    }

    /** The share of answer sentences with a citation; the leading emergency notice is not counted. */
    static double coverage(Answer a) {
        String text = a.answer();
        if (a.emergency().isPresent() && text.startsWith(a.emergency().get().message())) {
            text = text.substring(a.emergency().get().message().length());
        }
        int sentences = 0;
        int cited = 0;
        for (String s : SENTENCE.split(text)) {
            if (s.strip().length() < 2) {
                continue;
            }
            sentences++;
            if (CITED.matcher(s).find()) {
                cited++;
            }
        }
        return sentences == 0 ? 0 : (double) cited / sentences;
    }

    private static double share(Set<String> wanted, Set<String> found) {
        if (wanted.isEmpty()) {
            return 0;
        }
        return (double) wanted.stream().filter(found::contains).count() / wanted.size();
    }

    private static double mean(List<Double> xs) {
        return xs.isEmpty() ? 0 : xs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
