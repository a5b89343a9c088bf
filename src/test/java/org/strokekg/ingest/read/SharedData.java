package org.strokekg.ingest.read;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared (read-only data that is never copied into the repository); tests skip when it is absent. */
final class SharedData {

    private SharedData() {
    }

    static Path dir() {
        String prop = System.getProperty("strokekg.shared.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        String env = System.getenv("STROKEKG_SHARED_DIR");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        return Path.of("/work/shared");
    }

    /** A file under ../shared/data, or the test is skipped. */
    static Path require(String relative) {
        Path p = dir().resolve("data").resolve(relative);
        assumeTrue(Files.isRegularFile(p), "shared data not present: " + p);
        return p;
    }

    static Path xywy(int n) {
        return require("kg/Tonystark-001_MedicalKGQA/medical_" + n + ".json");
    }
}
