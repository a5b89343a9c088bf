package org.strokekg.error;

import java.util.Objects;

/**
 * Start-up failed for a reason an operator must fix, named in one line: the configuration, a port, the data directory
 * or the graph. The command line turns each kind into its own exit status, so a supervisor can tell them apart.
 */
public class StartupException extends NonRetriableException {

    /** What failed; each kind has its own exit status. */
    public enum Kind {
        /** A setting is wrong (a bad value, a missing file it names, a host that is not this machine's). */
        CONFIG,
        /** A port is taken. */
        PORT,
        /** The data directory cannot be used: another process holds it, or it cannot be created or written. */
        DATA_DIR,
        /** The graph cannot be started or reached. */
        GRAPH
    }

    private final Kind kind;

    public StartupException(Kind kind, String message) {
        this(kind, message, null);
    }

    public StartupException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public int httpStatus() {
        return 503;
    }

    @Override
    public String title() {
        return "Service unavailable";
    }
}
