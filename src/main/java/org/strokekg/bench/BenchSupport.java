package org.strokekg.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.strokekg.Config;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.StartupException;
import org.strokekg.llm.EngineOptions;
import org.strokekg.ops.Logs;
import org.strokekg.search.PassageIndex;

/**
 * What the benchmark commands share: the machine's load average beside each figure, a free port for a throw-away graph,
 * the wait for the passages' vectors, and the engine's options from the configuration. The CLI's own helpers do the
 * same for the product's commands; the benchmarks keep their copies so that {@code bench} does not depend on
 * {@code cli} (which lists its commands).
 */
final class BenchSupport {

    /** The exit status of a run that found what it looks for (a violation, an error): the CLI's "failed". */
    static final int FAILED = 1;

    private static final long POLL_MS = 2_000;

    private BenchSupport() {
    }

    /** The machine's 1, 5 and 15 minute load averages (two cores shared with other work: figures need it beside them). */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * For a benchmark that runs the engine: the configuration's engine options, their process-wide part applied (the
     * start's one step, before the first model loads). A setting that cannot be read is a configuration error, as for
     * every command.
     */
    static EngineOptions engine() {
        Config config;
        try {
            config = Config.load();
        } catch (InvalidInputException e) {
            throw new StartupException(StartupException.Kind.CONFIG, e.getMessage(), e);
        }
        Logs.configure(config.log());
        EngineOptions engine = config.llm().engine();
        engine.applyProcessWide();
        return engine;
    }

    /** Waits, with a progress line on {@code err}, until every passage has its vector (a bulk load embeds them later). */
    static void awaitVectors(PassageIndex passages, PrintWriter err) {
        PassageIndex.VectorProgress p = passages.vectorProgress();
        if (p.done()) {
            return;
        }
        long start = System.nanoTime();
        long first = p.withVectors();
        while (!p.done()) {
            double s = (System.nanoTime() - start) / 1e9;
            double rate = s > 0 ? (p.withVectors() - first) / s : 0;
            String eta = rate > 0 ? String.format(", about %.0f min left", (p.passages() - p.withVectors()) / rate / 60)
                    : "";
            err.printf("\r  embedding passages in the background: %,d of %,d (%.1f/s%s; Ctrl-C stops, a restart "
                    + "resumes)   ", p.withVectors(), p.passages(), rate, eta);
            err.flush();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            p = passages.vectorProgress();
        }
        err.printf("\r  every passage has its vector (%,d) after %.0f s%s%n", p.passages(),
                (System.nanoTime() - start) / 1e9, " ".repeat(40));
        err.flush();
    }
}
