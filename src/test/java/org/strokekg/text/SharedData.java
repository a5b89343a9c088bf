package org.strokekg.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds {@code ../shared} as the brief says: the surefire property if that dir exists, else STROKEKG_SHARED_DIR, else /work/shared. */
public final class SharedData {

    private SharedData() {
    }

    public static Optional<Path> dir() {
        String prop = System.getProperty("strokekg.shared.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Optional.of(Path.of(prop));
        }
        String env = System.getenv("STROKEKG_SHARED_DIR");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        Path fallback = Path.of("/work/shared");
        return Files.isDirectory(fallback) ? Optional.of(fallback) : Optional.empty();
    }

    public static Optional<Path> file(String relative) {
        return dir().map(d -> d.resolve(relative)).filter(Files::isRegularFile);
    }
}
