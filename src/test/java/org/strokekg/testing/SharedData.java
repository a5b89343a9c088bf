package org.strokekg.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code ../shared/data}: read by tests and benchmarks, never copied into the repo. Tests skip when it is absent. */
public final class SharedData {

    private SharedData() {
    }

    public static Optional<Path> dir() {
        return Stream.of(System.getProperty("strokekg.shared.dir"), System.getenv("STROKEKG_SHARED_DIR"),
                        "../shared")
                .filter(s -> s != null && !s.isBlank()).map(Path::of).filter(p -> Files.isDirectory(p.resolve("data")))
                .findFirst().map(p -> p.resolve("data"));
    }

    public static Optional<Path> file(String relative) {
        return dir().map(d -> d.resolve(relative)).filter(Files::exists);
    }
}
