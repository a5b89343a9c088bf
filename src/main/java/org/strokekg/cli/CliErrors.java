package org.strokekg.cli;

import org.strokekg.error.InvalidInputException;
import org.strokekg.error.StrokeKgException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints StrokeKG's own failures as one clear line (field and reason), and anything else with its stack trace. */
final class CliErrors implements IExecutionExceptionHandler {

    static final int INPUT = 2;
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        if (e instanceof InvalidInputException iie) {
            cl.getErr().println("strokekg: " + iie.field() + ": " + iie.reason());
            return INPUT;
        }
        if (e instanceof StrokeKgException ske) {
            cl.getErr().println("strokekg: " + ske.getMessage());
            return FAILED;
        }
        e.printStackTrace(cl.getErr());
        return FAILED;
    }
}
