package org.strokekg.cli;

import java.util.function.Supplier;
import org.strokekg.Config;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.StartupException;
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

    /** For the engine's own commands: the configuration's engine switches, handed to the engine before it starts. */
    static void applyEngine() {
        load().llm().engine().apply();
    }
}
