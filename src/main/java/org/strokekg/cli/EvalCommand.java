package org.strokekg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.strokekg.error.InvalidInputException;
import org.strokekg.eval.Evaluation;
import org.strokekg.eval.QaItem;
import org.strokekg.eval.QaSets;
import org.strokekg.eval.ReviewDump;
import org.strokekg.eval.ReviewSample;
import org.strokekg.eval.Summary;
import org.strokekg.trust.Trust;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scores answers on labelled question sets in chosen knowledge states, and writes the clinical review's answers. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score answers on public question sets in a chosen knowledge state.",
                "Key-entity recall of the evidence counted on its own text against plain BM25 at equal characters, "
                        + "exam items' option key terms, citation coverage and abstentions, per set, language and source.",
                "Also draws the clinical review sample (--make-sample) and writes its answers (--dump)."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "labelled questions, JSONL (as --set FILE)")
    List<Path> files = new ArrayList<>();

    @Option(names = "--set", paramLabel = "SET", description = "stroke-dev, nonstroke (both read from --shared), "
            + "labelled (the team's 78), or a JSONL file; repeatable")
    List<String> sets = new ArrayList<>();

    @Option(names = "--state", paramLabel = "STATE", description = "seed (the curated seed alone), crawl (seed + the "
            + "whole xywy crawl) or data (the configured data dir as it is; the default); repeatable")
    List<String> states = new ArrayList<>();

    @Option(names = "--with-crawl", description = "the crawl state (as --state crawl)")
    boolean withCrawl;

    @Option(names = "--seed-only", description = "the seed state (as --state seed)")
    boolean seedOnly;

    @Option(names = "--work-dir", description = "where the seed and crawl states' data dirs are kept and reused "
            + "(default: temporary ones, the crawl loaded each run)")
    Path workDir;

    @Option(names = "--shared", defaultValue = "../shared/data", description = "the shared data directory (default: "
            + "${DEFAULT-VALUE})")
    Path shared;

    @Option(names = "--limit", defaultValue = "0", description = "only the first N items of each set (0: all)")
    int limit;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--per-item", description = "every item's scores too")
    boolean perItem;

    @Option(names = "--json-out", paramLabel = "FILE", description = "also write the whole report, every item's "
            + "scores included, as JSON to FILE")
    Path jsonOut;

    @Option(names = "--max-passages", defaultValue = "5", description = "passages per answer (default: ${DEFAULT-VALUE})")
    int maxPassages;

    @Option(names = "--max-paths", defaultValue = "8", description = "graph facts per answer (default: ${DEFAULT-VALUE})")
    int maxPaths;

    @Option(names = "--min-trust", paramLabel = "TRUST", description = "the least trusted knowledge each answer may "
            + "state, as the answer API's minTrust: curated, reviewed, unreviewed (default: the deployment's, reviewed)")
    String minTrustName;

    @Option(names = "--make-sample", paramLabel = "TSV", description = "draw the clinical review sample from the two "
            + "public sets and write its ids")
    Path makeSample;

    @Option(names = "--sample-seed", defaultValue = "" + ReviewSample.SEED, description = "the sample's seed (default: "
            + "${DEFAULT-VALUE})")
    long sampleSeed;

    @Option(names = "--review-sample", paramLabel = "TSV", description = "answer the review sample's items and write "
            + "them under --dump DIR/<state>/")
    Path reviewSample;

    @Option(names = "--dump", paramLabel = "DIR", description = "where --review-sample writes the answers")
    Path dump;

    @Spec
    CommandSpec spec;

    private Optional<Trust> minTrust() {
        if (minTrustName == null) {
            return Optional.empty();
        }
        return Optional.of(Trust.of(minTrustName.strip()).orElseThrow(() -> new InvalidInputException("--min-trust",
                "must be one of " + Trust.ids() + ", got " + minTrustName)));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        minTrust(); // a wrong value is refused before any state is built
        if (makeSample != null) {
            List<ReviewSample.Entry> sample = ReviewSample.draw(QaSets.read(QaSets.STROKE_DEV, shared),
                    QaSets.read(QaSets.NONSTROKE, shared), sampleSeed);
            ReviewSample.write(makeSample, sample, sampleSeed);
            out.printf("%d items (seed %d) written to %s%n", sample.size(), sampleSeed, makeSample);
            return 0;
        }
        List<String> chosen = chosenStates();
        if (reviewSample != null) {
            return dump(chosen, out, err);
        }
        List<String> named = new ArrayList<>(files.stream().map(Path::toString).toList());
        named.addAll(sets);
        if (named.isEmpty()) {
            throw new InvalidInputException("--set", "name a set: stroke-dev, nonstroke, labelled or a FILE");
        }
        Map<String, List<QaItem>> bySet = new LinkedHashMap<>();
        for (String s : named) {
            List<QaItem> items = QaSets.read(s, shared);
            bySet.put(QaSets.name(s), limit > 0 && items.size() > limit ? items.subList(0, limit) : items);
        }
        List<EvalTable.StateReport> reports = new ArrayList<>();
        for (String state : chosen) {
            try (EvalStates.Opened opened = EvalStates.open(state, Optional.ofNullable(workDir), shared, app, err)) {
                reports.add(run(opened, bySet, err));
            }
        }
        EvalTable.Run run = new EvalTable.Run(LocalDate.now(ZoneOffset.UTC).toString(), EvalTable.machine(),
                maxPassages, maxPaths, reports);
        if (jsonOut != null) {
            try {
                java.nio.file.Files.writeString(jsonOut, Output.json(run));
            } catch (java.io.IOException e) {
                throw new InvalidInputException("--json-out", "cannot write " + jsonOut + ": " + e.getMessage(), e);
            }
        }
        if (json) {
            out.println(Output.json(perItem ? run : run.withoutItems()));
        } else {
            EvalTable.print(out, run, perItem);
        }
        return 0;
    }

    private List<String> chosenStates() {
        Set<String> chosen = new LinkedHashSet<>();
        if (seedOnly) {
            chosen.add(EvalStates.SEED);
        }
        chosen.addAll(states);
        if (withCrawl) {
            chosen.add(EvalStates.CRAWL);
        }
        if (chosen.isEmpty()) {
            chosen.add(EvalStates.DATA);
        }
        return List.copyOf(chosen);
    }

    private EvalTable.StateReport run(EvalStates.Opened opened, Map<String, List<QaItem>> bySet, PrintWriter err) {
        Evaluation evaluation = new Evaluation(opened.kg().answers(), opened.kg().entityIndex(),
                opened.kg().passageIndex(), maxPassages, maxPaths, minTrust());
        var stats = opened.kg().graph().stats();
        List<Evaluation.ItemScore> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Map.Entry<String, List<QaItem>> set : bySet.entrySet()) {
            int[] done = {0};
            all.addAll(evaluation.run(set.getValue(), s -> {
                if (++done[0] % 100 == 0) {
                    err.printf("%s / %s: %d of %d%n", opened.name(), set.getKey(), done[0], set.getValue().size());
                    err.flush();
                }
            }));
        }
        return new EvalTable.StateReport(opened.name(), stats.entities(), stats.relations(), stats.passages(),
                (System.nanoTime() - t0) / 1e9, Summary.rows(all), all);
    }

    private int dump(List<String> chosen, PrintWriter out, PrintWriter err) {
        if (dump == null) {
            throw new InvalidInputException("--dump", "--review-sample needs --dump DIR");
        }
        List<ReviewSample.Entry> sample = ReviewSample.read(reviewSample);
        Map<String, QaItem> items = new LinkedHashMap<>();
        for (String set : sample.stream().map(ReviewSample.Entry::set).distinct().toList()) {
            QaSets.read(set, shared).forEach(i -> items.put(set + "/" + i.id(), i));
        }
        for (String state : chosen) {
            try (EvalStates.Opened opened = EvalStates.open(state, Optional.ofNullable(workDir), shared, app, err)) {
                Evaluation evaluation = new Evaluation(opened.kg().answers(), opened.kg().entityIndex(),
                        opened.kg().passageIndex(), maxPassages, maxPaths, minTrust());
                for (Path p : ReviewDump.write(dump.resolve(state), state, sample, items, evaluation::answer)) {
                    out.println(p);
                }
            }
        }
        return 0;
    }
}
