package org.strokekg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.strokekg.eval.Evaluation;
import org.strokekg.eval.Summary;

/** What {@code strokekg eval} reports: per state, the summary rows (and the items with --per-item), as a table or JSON. */
final class EvalTable {

    /** One run: when, where, with which evidence counts, and each state's report. */
    record Run(String date, String machine, int maxPassages, int maxPaths, List<StateReport> states) {
        Run withoutItems() {
            return new Run(date, machine, maxPassages, maxPaths, states.stream().map(StateReport::withoutItems).toList());
        }
    }

    /** One knowledge state: its size, how long the items took, the summary rows and the items. */
    record StateReport(String state, long entities, long relations, long passages, double seconds,
                       List<Summary.Row> rows, List<Evaluation.ItemScore> items) {
        StateReport withoutItems() {
            return new StateReport(state, entities, relations, passages, seconds, rows, List.of());
        }
    }

    private EvalTable() {
    }

    static void print(PrintWriter out, Run run, boolean perItem) {
        out.printf("%s · %s · %d passages, %d graph facts an answer%n", run.date(), run.machine(), run.maxPassages(),
                run.maxPaths());
        for (StateReport s : run.states()) {
            out.printf("%nstate %s: %,d entities, %,d relations, %,d passages; %d items in %.0f s%n", s.state(),
                    s.entities(), s.relations(), s.passages(), s.items().size(), s.seconds());
            out.println("  recall: key entities of the reference named in the evidence's own text | bm25: plain BM25 "
                    + "passages, same characters | new: entities the question does not name | answer: in the answer "
                    + "text | key: exam items whose evidence names the correct option (only: and no other) | cover: "
                    + "cited sentences | abst: \"not found\" answers");
            out.printf("  %-10s %-34s %5s %5s %6s %6s %5s %5s %6s %6s %6s %4s %5s %5s %5s %5s %6s %5s %6s %6s%n",
                    "set", "group", "n", "ref", "recall", "bm25", "x", "new.n", "new", "bm25", "answer", "mcq", "key",
                    "bm25", "only", "bm25", "cover", "abst", "chars", "p50ms");
            for (Summary.Row r : s.rows()) {
                String group = r.by().equals("all") ? "all" : r.by() + " " + r.group();
                String ratio = r.bm25Recall() == 0 ? "-" : String.format("%.2f", r.ratio());
                out.printf("  %-10s %-34s %5d %5d %6.3f %6.3f %5s %5d %6.3f %6.3f %6.3f %4d %5s %5s %5s %5s %6.3f "
                                + "%5.3f %6.0f %6.1f%n", cut(r.set(), 10), cut(group, 34), r.items(), r.scored(),
                        r.recall(), r.bm25Recall(), ratio, r.newScored(), r.newRecall(), r.bm25NewRecall(),
                        r.answerRecall(), r.mcqItems(), pct(r.mcqItems(), r.mcqKeyNamed()),
                        pct(r.mcqItems(), r.bm25McqKeyNamed()), pct(r.mcqItems(), r.mcqKeyOnly()),
                        pct(r.mcqItems(), r.bm25McqKeyOnly()), r.citationCoverage(), r.abstained(),
                        r.evidenceChars(), r.latencyP50());
            }
            if (perItem) {
                out.println();
                out.printf("  %-22s %-7s %4s %6s %6s %6s %5s %5s %s%n", "id", "lang", "ref", "recall", "bm25", "new",
                        "key", "abst", "missed");
                for (Evaluation.ItemScore i : s.items()) {
                    out.printf("  %-22s %-7s %4d %6.2f %6.2f %6.2f %5s %5s %s%n", i.id(), i.lang(), i.keyEntities(),
                            i.recall(), i.bm25Recall(), i.newRecall(),
                            i.mcq().map(m -> m.keyNamed() ? "yes" : "no").orElse("-"), i.abstained() ? "yes" : "",
                            String.join(", ", i.missed()));
                }
            }
        }
        out.flush();
    }

    /** An exam share, or "-" for a group with no exam item. */
    private static String pct(int n, double share) {
        return n == 0 ? "-" : String.format("%.2f", share);
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    /** Cores, heap, Java and (on Linux) the CPU model: figures are quoted with the machine they came from. */
    static String machine() {
        String cpu = "";
        try {
            Path info = Path.of("/proc/cpuinfo");
            if (Files.isReadable(info)) {
                cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
                        .map(l -> ", " + l.substring(l.indexOf(':') + 1).strip()).orElse("");
            }
        } catch (IOException e) {
            // the CPU model is a courtesy
        }
        return String.format("%d cores%s, max heap %d MiB, java %s", Runtime.getRuntime().availableProcessors(), cpu,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.version());
    }
}
