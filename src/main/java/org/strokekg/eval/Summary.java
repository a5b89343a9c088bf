package org.strokekg.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Means over groups of scored items: per set, per set and language, per set and source. Recall means are over the
 * items whose reference names at least one entity (new-entity recall: at least one the question does not name);
 * exam-key shares over the exam items; citation coverage over the answers that do not abstain.
 */
public final class Summary {

    /** One group's figures. {@code ratio} is recall ÷ BM25 recall (0 when BM25 found nothing: the table shows "-"). */
    public record Row(String set, String by, String group, int items, int scored, double recall, double bm25Recall,
                      double ratio, int newScored, double newRecall, double bm25NewRecall, double answerRecall,
                      int mcqItems, double mcqKeyNamed, double bm25McqKeyNamed, double mcqKeyOnly,
                      double bm25McqKeyOnly, double citationCoverage, double abstained, double emergency,
                      double evidenceChars, double latencyP50) {
    }

    private Summary() {
    }

    /** For each set (in order of appearance): all items, then by language (en, zh, zh-Hant), then by source. */
    public static List<Row> rows(List<Evaluation.ItemScore> items) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Evaluation.ItemScore>> set : groups(items, Evaluation.ItemScore::set).entrySet()) {
            rows.add(row(set.getKey(), "all", "all", set.getValue()));
            Map<String, List<Evaluation.ItemScore>> byLang = groups(set.getValue(), Evaluation.ItemScore::lang);
            for (String lang : List.of("en", "zh", "zh-Hant")) {
                if (byLang.containsKey(lang)) {
                    rows.add(row(set.getKey(), "lang", lang, byLang.get(lang)));
                }
            }
            groups(set.getValue(), Evaluation.ItemScore::source)
                    .forEach((source, group) -> rows.add(row(set.getKey(), "source", source, group)));
        }
        return rows;
    }

    static Row row(String set, String by, String group, List<Evaluation.ItemScore> items) {
        List<Evaluation.ItemScore> scored = filter(items, i -> i.keyEntities() > 0);
        List<Evaluation.ItemScore> fresh = filter(items, i -> i.newEntities() > 0);
        List<Evaluation.Mcq> mcq = items.stream().flatMap(i -> i.mcq().stream()).toList();
        List<Evaluation.ItemScore> answered = filter(items, i -> !i.abstained());
        double recall = mean(scored, Evaluation.ItemScore::recall);
        double bm25 = mean(scored, Evaluation.ItemScore::bm25Recall);
        List<Double> latencies = items.stream().map(Evaluation.ItemScore::latencyMs).sorted().toList();
        return new Row(set, by, group, items.size(), scored.size(), recall, bm25, bm25 == 0 ? 0 : recall / bm25,
                fresh.size(), mean(fresh, Evaluation.ItemScore::newRecall),
                mean(fresh, Evaluation.ItemScore::bm25NewRecall), mean(scored, Evaluation.ItemScore::answerRecall),
                mcq.size(), share(mcq, Evaluation.Mcq::keyNamed), share(mcq, Evaluation.Mcq::bm25KeyNamed),
                share(mcq, Evaluation.Mcq::keyOnly), share(mcq, Evaluation.Mcq::bm25KeyOnly),
                mean(answered, Evaluation.ItemScore::citationCoverage), share(items, Evaluation.ItemScore::abstained),
                share(items, Evaluation.ItemScore::emergency), mean(items, i -> i.evidenceChars()),
                latencies.isEmpty() ? 0 : latencies.get((latencies.size() - 1) / 2));
    }

    private static <T> Map<String, List<T>> groups(List<T> items, Function<T, String> key) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        items.forEach(i -> out.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i));
        return out;
    }

    private static <T> List<T> filter(List<T> items, Predicate<T> p) {
        return items.stream().filter(p).toList();
    }

    static <T> double mean(List<T> items, ToDoubleFunction<T> f) {
        return items.isEmpty() ? 0 : items.stream().mapToDouble(f).average().orElse(0);
    }

    static <T> double share(List<T> items, Predicate<T> p) {
        return items.isEmpty() ? 0 : (double) items.stream().filter(p).count() / items.size();
    }
}
