package org.strokekg.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.strokekg.Config;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.StartupException;
import org.strokekg.llm.EngineOptions;
import org.strokekg.ops.Logs;

/**
 * What the benchmark commands share: the machine's load average beside each figure, a free port for a throw-away graph,
 * and the engine's options from the configuration ({@code bench} does not depend on {@code cli}, which lists its
 * commands; the wait for the passages' vectors is {@link org.strokekg.search.VectorWait}, shared with the CLI).
 */
final class BenchSupport {

    /** The exit status of a run that found what it looks for (a violation, an error): the CLI's "failed". */
    static final int FAILED = 1;


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
}
