package org.strokekg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.rag.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scores the answer pipeline on a labelled JSONL file. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score answers on labelled questions.",
                "JSONL with question and reference_answer (other fields ignored): evidence recall against a BM25-only "
                        + "passage baseline on the same corpus, citation coverage, latency; per item and overall."})
final class EvalCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Parameters(paramLabel = "FILE", description = "labelled questions, JSONL")
    Path file;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--max-passages", defaultValue = "5", description = "passages per answer (default: ${DEFAULT-VALUE})")
    int maxPassages;

    @Option(names = "--max-paths", defaultValue = "8", description = "graph facts per answer (default: ${DEFAULT-VALUE})")
    int maxPaths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var labelled = Evaluation.read(file);
        try (StrokeKg kg = app.open()) {
            Evaluation.Report r = new Evaluation(kg.answers(), kg.entityIndex(), kg.passageIndex())
                    .run(labelled, maxPassages, maxPaths);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Output.json(r));
                return 0;
            }
            out.println("line  recall  bm25  cover  ms      question");
            for (Evaluation.Item i : r.items()) {
                out.printf("%4d  %5.2f  %5.2f  %5.2f  %6.1f  %s%s%n", i.line(), i.recall(), i.baselineRecall(),
                        i.citationCoverage(), i.latencyMs(), i.question(),
                        i.missed().isEmpty() ? "" : "  (missed " + String.join(", ", i.missed()) + ")");
            }
            out.printf("%nitems %d (%d with reference entities)%n", r.items().size(), r.scored());
            out.printf("evidence recall: answer pipeline %.3f | hybrid passages alone %.3f | BM25 passages alone %.3f%n",
                    r.recall(), r.passageRecall(), r.baselineRecall());
            out.printf("citation coverage %.3f; latency p50 %.1f ms, p95 %.1f ms%n", r.citationCoverage(),
                    r.latencyP50(), r.latencyP95());
            return 0;
        }
    }
}
