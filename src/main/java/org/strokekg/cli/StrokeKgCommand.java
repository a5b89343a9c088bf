package org.strokekg.cli;

import picocli.CommandLine.Command;

/** The top-level command; each subcommand has its own {@code --help}. */
@Command(name = "strokekg", mixinStandardHelpOptions = true, version = "strokekg 0.1.0",
        description = "Knowledge-graph augmented stroke and hemiplegia reasoning server.",
        subcommands = {ServeCommand.class, IngestCommand.class, BatchesCommand.class, ExportCommand.class,
                StatsCommand.class, IndexCommand.class, MergeCommand.class, DecideCommand.Review.class,
                DecideCommand.Retract.class, DuplicatesCommand.class, AuditCommand.class, AskCommand.class,
                EvalCommand.class, GenerateCommand.class, BenchCommand.class, ConfigCommand.class, BackupCommand.class,
                RestoreCommand.class})
public final class StrokeKgCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
