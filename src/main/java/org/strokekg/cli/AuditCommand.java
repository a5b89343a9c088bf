package org.strokekg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.strokekg.StrokeKg;
import org.strokekg.graph.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the audit trail: every curator write with its time, curator, action, target and outcome, newest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show the audit trail of curator writes (load, undo, merge…).",
                "Each with its time, curator, target and outcome, newest first. 'pending' means the write was under "
                        + "way or its process died."})
final class AuditCommand implements Callable<Integer> {

    @Mixin
    AppOptions app;

    @Option(names = "--limit", defaultValue = "100", description = "at most this many (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--curator", description = "only this curator's writes")
    String curator;

    @Option(names = "--action", description = "only this action (load, undo, merge…)")
    String action;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 100_000) {
            throw new org.strokekg.error.InvalidInputException("--limit", "must be between 1 and 100000");
        }
        try (StrokeKg kg = app.open()) {
            List<AuditLog.Event> events = kg.curation().audit(limit, Optional.ofNullable(curator),
                    Optional.ofNullable(action));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Output.json(events));
                return 0;
            }
            for (AuditLog.Event e : events) {
                out.printf("%s  %-14s %-6s %-22s %-10s %s%n", e.at(), e.curator(), e.action(), e.target(), e.outcome(),
                        e.detail());
            }
            return 0;
        }
    }
}
