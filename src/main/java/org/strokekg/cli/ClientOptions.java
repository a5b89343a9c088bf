package org.strokekg.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/** For commands that can run beside a server: where the work goes (the running server, or this process). */
final class ClientOptions {

    @Option(names = "--server", description = {"send the work to this running server, e.g. http://127.0.0.1:8080",
            "(default: the one DATA_DIR/server.json announces; key: STROKEKG_CURATOR_KEY)"})
    URI server;

    @Option(names = "--local", description = "open the store in this process even if a server runs for the data directory")
    boolean local;

    /**
     * The running server this command talks to, if any: {@code --server}, or the one that holds the data directory.
     * Says on stderr which mode the command uses.
     */
    Optional<Remote> remote(AppOptions app, PrintWriter err) {
        if (local) {
            err.println("strokekg: --local: opening the graph in this process");
            return Optional.empty();
        }
        return Remote.find(Optional.ofNullable(server), app.config(), err);
    }

    /**
     * A write sent to the server is recorded under the key's name, not {@code --curator}: says so when the option was
     * given, so nobody believes the batch carries the name typed.
     */
    static void curatorFromKey(picocli.CommandLine.Model.CommandSpec spec) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--curator")) {
            spec.commandLine().getErr().println("strokekg: --curator is not sent: the server records the name of the "
                    + "key in STROKEKG_CURATOR_KEY as the curator");
        }
    }
}
