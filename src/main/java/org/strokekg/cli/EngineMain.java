package org.strokekg.cli;

import org.strokekg.bench.BenchEngineCommand;
import org.strokekg.bench.BenchGpuCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * An entry point with the engine's commands alone ({@code generate}, {@code bench gpu}, {@code bench engine}): it runs
 * on a classpath of the engine's jars only (about 10 MB, as the GPU kit of {@code models/gpu} carries), where
 * {@link Main} would need the server's too (picocli reflects on every subcommand's methods).
 */
public final class EngineMain {

    private EngineMain() {
    }

    @Command(name = "strokekg", mixinStandardHelpOptions = true, version = "strokekg 0.1.0",
            description = "The model engine's commands.")
    static final class Root implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, description = "Run an engine benchmark.")
    static final class Bench implements Runnable {
        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine bench = new CommandLine(new Bench()).addSubcommand(new BenchGpuCommand())
                .addSubcommand(new BenchEngineCommand());
        CommandLine cl = new CommandLine(new Root()).addSubcommand(new GenerateCommand()).addSubcommand(bench);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new CliErrors());
        return cl;
    }
}
