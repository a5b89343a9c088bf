package org.strokekg;

import org.strokekg.cli.StrokeKgCommand;
import picocli.CommandLine;

/** Entry point: hands the arguments to the command line; the composition root is {@link StrokeKg}. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        int code = new CommandLine(new StrokeKgCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
