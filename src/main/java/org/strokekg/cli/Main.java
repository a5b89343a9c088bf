package org.strokekg.cli;

import picocli.CommandLine;

/** The process entry point: hands the arguments to picocli and exits with the command's status. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new StrokeKgCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(new CliErrors());
        return cl;
    }
}
