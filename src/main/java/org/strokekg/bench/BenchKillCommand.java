package org.strokekg.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.strokekg.Config;
import org.strokekg.StrokeKg;
import org.strokekg.error.InvalidInputException;
import org.strokekg.server.Readiness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * kill -9 during ingest and during undo, then open the data directory again and check what a crash may never leave:
 * a batch half written or half undone, search that disagrees with the graph. Each round runs {@code strokekg ingest}
 * or {@code strokekg batches delete} in a process of its own on the same data directory and kills it (SIGKILL) at a
 * random moment after its graph and indexes are open, within the time the same work took uninterrupted (measured
 * first, from the line StrokeKG prints once open to the command's result line). The check runs in this process: Neo4j's recovery, the index check at start, then {@link BenchKillCheck}.
 */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = {"Crash-safety: kill -9 during ingest and during undo.",
                "Each kill in a process of its own, then a check that no batch is half written or half undone and "
                        + "that search agrees with the graph; prints one line per round."})
public final class BenchKillCommand implements Callable<Integer> {

    @Option(names = "--ingest-rounds", defaultValue = "8", description = "kills during ingest (default: ${DEFAULT-VALUE})")
    int ingestRounds;

    @Option(names = "--undo-rounds", defaultValue = "6", description = "kills during undo (default: ${DEFAULT-VALUE})")
    int undoRounds;

    @Option(names = "--triples", defaultValue = "5000", description = "triples in each round's file (default: ${DEFAULT-VALUE})")
    int triples;

    @Option(names = "--work-dir", description = "where the data directory goes (default: a temporary directory, removed after)")
    Path workDir;

    @Option(names = "--seed", defaultValue = "20261207", description = "random seed for the kill moments (default: ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    /** The line a command prints once its graph and indexes are open: the work starts after it. */
    private static final String OPEN_MARK = "StrokeKG open in ";
    /** The line it prints when the work is done (the batch committed, or undone): the work ends there. */
    private static final java.util.regex.Pattern DONE = java.util.regex.Pattern.compile(
            "committed batch b-|^batch b-[0-9a-f]+ deleted:");

    @Override
    public Integer call() throws Exception {
        if (ingestRounds < 0 || undoRounds < 0 || triples < 1) {
            throw new InvalidInputException("--ingest-rounds/--undo-rounds/--triples", "must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("strokekg-bench-kill") : workDir;
        Path data = dir.resolve("data");
        Random random = new Random(seed);
        int bolt = BenchSupport.freePort();
        Config config = config(data, bolt);
        List<String> violations = new ArrayList<>();
        out.printf("machine: %d cores; %d triples a batch; data %s%n", Runtime.getRuntime().availableProcessors(),
                triples, data);
        try {
            // uninterrupted first: how long the work takes once the graph is open, so kills fall inside it
            Path calibration = file(dir, "calibration", triples);
            Child full = run(data, bolt, List.of("ingest", "--curator", "kill-bench", calibration.toString()), -1);
            String calibrated = full.committedBatch().orElseThrow(() -> new IllegalStateException(
                    "the uninterrupted ingest committed no batch"));
            Child fullUndo = run(data, bolt, List.of("batches", "delete", "--curator", "kill-bench", calibrated), -1);
            out.printf("uninterrupted: ingest %.1f s, undo %.1f s after the graph opened%n", full.workMs() / 1e3,
                    fullUndo.workMs() / 1e3);
            int round = 0;
            for (int i = 0; i < ingestRounds; i++, round++) {
                Path f = file(dir, "ingest-" + i, triples);
                long delay = (long) (random.nextDouble() * full.workMs());
                Child c = run(data, bolt, List.of("ingest", "--curator", "kill-bench", f.toString()), delay);
                BenchKillCheck.Verdict v = BenchKillCheck.afterIngest(config, f);
                report(out, "ingest", i, delay, full.workMs(), c, v, violations);
            }
            for (int i = 0; i < undoRounds; i++, round++) {
                Path f = file(dir, "undo-" + i, triples);
                String batch;
                try (StrokeKg kg = StrokeKg.open(config, new Readiness())) {
                    batch = BenchKillCheck.load(kg, f);
                }
                long delay = (long) (random.nextDouble() * fullUndo.workMs());
                Child c = run(data, bolt, List.of("batches", "delete", "--curator", "kill-bench", batch), delay);
                BenchKillCheck.Verdict v = BenchKillCheck.afterUndo(config, f, batch);
                report(out, "undo", i, delay, fullUndo.workMs(), c, v, violations);
            }
            out.printf("%d rounds (%d ingest, %d undo): %d violations%s%n", round, ingestRounds, undoRounds,
                    violations.size(), violations.isEmpty() ? "" : ": " + violations);
            return violations.isEmpty() ? 0 : BenchSupport.FAILED;
        } finally {
            if (temporary) {
                deleteTree(dir);
            }
        }
    }

    private static void report(PrintWriter out, String what, int i, long delay, long full, Child c,
                               BenchKillCheck.Verdict v, List<String> violations) {
        out.printf("%-6s round %d: killed %s at %5.1f s of %4.1f s (%3.0f%%): batch %s, audit %s, search %s%s%n", what, i,
                c.killed() ? "yes" : "no (it ended first)", delay / 1e3, full / 1e3, 100.0 * delay / Math.max(1, full),
                v.batch(), v.audit(), v.searchAgrees() ? "agrees" : "DISAGREES",
                v.violations().isEmpty() ? "" : "  VIOLATION " + v.violations());
        v.violations().forEach(x -> violations.add(what + " " + i + ": " + x));
        out.flush();
    }

    static Config config(Path data, int bolt) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STROKEKG_DATA_DIR", data.toString());
        env.put("STROKEKG_SEED", "false");
        env.put("STROKEKG_BOLT_PORT", String.valueOf(bolt));
        return Config.fromEnvironment(env);
    }

    /** {@code n} new symptoms of stroke, named for the round, so each round's batch is new. */
    private static Path file(Path dir, String round, int n) throws IOException {
        Path f = dir.resolve("kill-" + round + ".csv");
        StringBuilder b = new StringBuilder("subject,subject_type,predicate,object,object_type,source\n");
        for (int i = 0; i < n; i++) {
            b.append("脑卒中,Disease,HAS_SYMPTOM,kill-").append(round).append("-症状").append(i)
                    .append(",Symptom,kill bench ").append(round).append('\n');
        }
        Files.writeString(f, b.toString(), StandardCharsets.UTF_8);
        return f;
    }

    /** A command's run: how long its work took after the graph opened, whether it was killed, what it printed. */
    record Child(long workMs, boolean killed, int exit, List<String> output) {
        java.util.Optional<String> committedBatch() {
            return output.stream().map(l -> java.util.regex.Pattern.compile("committed batch (b-[0-9a-f]+)").matcher(l))
                    .filter(java.util.regex.Matcher::find).map(m -> m.group(1)).findFirst();
        }
    }

    /**
     * Runs {@code strokekg ARGS} on the data directory; {@code killAfterMs} ≥ 0 kills it (SIGKILL) that long after it
     * says its graph and indexes are open, unless it has ended by then.
     */
    private static Child run(Path data, int bolt, List<String> args, long killAfterMs) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("--enable-") || a.startsWith("--sun-")
                        || a.startsWith("-Dai.djl")).toList());
        command.addAll(List.of("-Xmx1g", "-cp", ManagementFactory.getRuntimeMXBean().getClassPath(),
                "org.strokekg.cli.Main"));
        command.addAll(args);
        command.addAll(List.of("--data-dir", data.toString(), "--bolt-port", String.valueOf(bolt)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("STROKEKG_SEED", "false");
        pb.environment().remove("NEO4J_URI");
        Process p = pb.start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process was killed: its output ends here
            }
        });
        long opened = -1;
        StringBuilder log = new StringBuilder();
        while (opened < 0) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                log.append(line).append('\n');
                if (line.contains(OPEN_MARK)) {
                    opened = System.nanoTime();
                }
            } else if (!p.isAlive()) {
                reader.join();
                lines.forEach(l -> log.append(l).append('\n'));
                throw new IllegalStateException("strokekg " + String.join(" ", args) + " ended before its graph opened:\n"
                        + log);
            }
        }
        // read on until the work is done (its result line) or the kill is due; then wait for the end
        boolean killed = false;
        long done = -1;
        long due = killAfterMs >= 0 ? opened + killAfterMs * 1_000_000 : Long.MAX_VALUE;
        while (p.isAlive()) {
            long now = System.nanoTime();
            if (now >= due) {
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no close, as a power cut or an OOM killer
                killed = true;
                break;
            }
            String line = lines.poll(Math.max(1, Math.min(1_000, (due - now) / 1_000_000)), TimeUnit.MILLISECONDS);
            if (line != null) {
                log.append(line).append('\n');
                if (done < 0 && DONE.matcher(line).find()) {
                    done = System.nanoTime();
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("strokekg " + String.join(" ", args) + " did not end");
        }
        reader.join();
        List<String> output = new ArrayList<>(log.toString().lines().toList());
        output.addAll(lines);
        if (done < 0 && output.stream().anyMatch(l -> DONE.matcher(l).find())) {
            done = System.nanoTime();
        }
        long workMs = ((done > 0 ? done : System.nanoTime()) - opened) / 1_000_000;
        if (!killed && p.exitValue() != 0) {
            lines.forEach(l -> log.append(l).append('\n'));
            throw new IllegalStateException("strokekg " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n"
                    + log);
        }
        return new Child(workMs, killed, p.exitValue(), output);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
