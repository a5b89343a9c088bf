package org.strokekg.cli;

import java.util.function.Supplier;
import org.strokekg.Config;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.StartupException;
import org.strokekg.llm.EngineOptions;
import org.strokekg.ops.Logs;

/** The process's configuration for a command: a setting that cannot be read is a configuration error (exit 3). */
final class Configs {

    private Configs() {
    }

    /** A setting that cannot be read is a configuration error (its own exit status), not bad input to a command. */
    static Config configured(Supplier<Config> read) {
        try {
            Config c = read.get();
            Logs.configure(c.log());
            return c;
        } catch (InvalidInputException e) {
            throw new StartupException(StartupException.Kind.CONFIG, e.getMessage(), e);
        }
    }

    static Config load() {
        return configured(Config::load);
    }

    /**
     * For a command that loads a model itself: the configuration's engine options, their process-wide part applied
     * (the start's one step, before the model loads); the caller passes {@link EngineOptions#runtime()} to the load.
     */
    static EngineOptions engine() {
        EngineOptions engine = load().llm().engine();
        engine.applyProcessWide();
        return engine;
    }
}
