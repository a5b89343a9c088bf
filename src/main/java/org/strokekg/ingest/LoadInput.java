package org.strokekg.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.strokekg.ingest.read.IngestFormat;

/** One file to load: its name (for reports and provenance), how to open it, its size if known, and its format if named. */
public record LoadInput(String name, Opener opener, long size, Optional<IngestFormat> format) {

    /** Opens the bytes; called once. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public LoadInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opener, "opener");
        Objects.requireNonNull(format, "format");
    }

    public static LoadInput of(Path file, Optional<IngestFormat> format) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        return new LoadInput(file.getFileName().toString(), () -> Files.newInputStream(file), size, format);
    }

    public static LoadInput ofResource(String resource, IngestFormat format) {
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        return new LoadInput(name, () -> {
            InputStream in = LoadInput.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("missing classpath resource " + resource);
            }
            return in;
        }, -1, Optional.of(format));
    }
}
