package org.strokekg.cli;

import org.strokekg.error.InvalidInputException;
import org.strokekg.error.StartupException;
import org.strokekg.error.StrokeKgException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints StrokeKG's own failures as one clear line (field and reason), and anything else with its stack trace. A failed
 * start exits with the status of its kind, so a supervisor can tell a bad setting from a taken port, a data directory
 * held by another process, or a graph that does not start.
 */
final class CliErrors implements IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final int INPUT = 2;
    static final int CONFIG = 3;
    static final int PORT = 4;
    static final int DATA_DIR = 5;
    static final int GRAPH = 6;

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        if (e instanceof StartupException se) {
            cl.getErr().println("strokekg: " + se.getMessage());
            return exitCode(se.kind());
        }
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

    static int exitCode(StartupException.Kind kind) {
        return switch (kind) {
            case CONFIG -> CONFIG;
            case PORT -> PORT;
            case DATA_DIR -> DATA_DIR;
            case GRAPH -> GRAPH;
        };
    }
}
