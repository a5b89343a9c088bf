package org.strokekg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Benchmarks: speed and memory targets are measured here, never in unit tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark and print its figures.",
        subcommands = {BenchIngestCommand.class, BenchAnswerCommand.class, BenchEngineCommand.class,
                BenchGpuCommand.class, BenchKillCommand.class, BenchSoakCommand.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
