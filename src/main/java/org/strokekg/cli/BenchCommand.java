package org.strokekg.cli;

import org.strokekg.bench.BenchAnswerCommand;
import org.strokekg.bench.BenchEngineCommand;
import org.strokekg.bench.BenchGpuCommand;
import org.strokekg.bench.BenchIngestCommand;
import org.strokekg.bench.BenchKillCommand;
import org.strokekg.bench.BenchSoakCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Benchmarks: speed and memory targets are measured here, never in unit tests. The commands themselves live in
 * {@code org.strokekg.bench}, apart from the product; this lists them under {@code strokekg bench}.
 */
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
