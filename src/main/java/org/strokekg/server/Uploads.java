package org.strokekg.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.PayloadTooLargeException;

/**
 * The parts of one multipart upload, spooled (past 1 MiB) into a directory of this request only, inside the data
 * directory's upload area: closing deletes the directory whatever happened, so an upload that fails or is cut off
 * half-way leaves no file behind (Jetty's own clean-up misses the parts of a body that never ended). A body that is
 * not valid multipart is bad input (400), however the parser noticed.
 */
final class Uploads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    private static final String CONFIG_ATTRIBUTE = "org.eclipse.jetty.multipartConfig";
    private static final int IN_MEMORY_BYTES = 1 << 20;

    private final Context ctx;
    private final Path dir;

    private Uploads(Context ctx, Path dir) {
        this.ctx = ctx;
        this.dir = dir;
    }

    static Uploads open(Context ctx, Path root) {
        try {
            Files.createDirectories(root);
            Path dir = Files.createTempDirectory(root, "upload-");
            ctx.req().setAttribute(CONFIG_ATTRIBUTE, new MultipartConfigElement(dir.toString(), BodyLimits.UPLOAD_BYTES,
                    BodyLimits.UPLOAD_BYTES, IN_MEMORY_BYTES));
            return new Uploads(ctx, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make an upload directory in " + root, e);
        }
    }

    List<UploadedFile> files(String name) {
        return parsed(() -> ctx.uploadedFiles(name));
    }

    Optional<String> field(String name) {
        return parsed(() -> Optional.ofNullable(ctx.formParam(name)));
    }

    private <T> T parsed(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (Exception e) {
            // Javalin rethrows the parser's checked ServletException unchecked: catch it by what it is, not its type
            throw malformed(e);
        }
    }

    /** What a failed parse means for the client: a body over the limit, or a body that is not multipart. */
    static RuntimeException malformed(Exception e) {
        Optional<BodyLimits.TooLarge> tooLarge = HttpErrors.cause(e, BodyLimits.TooLarge.class);
        if (tooLarge.isPresent()) {
            return new PayloadTooLargeException(tooLarge.get().getMessage(), e);
        }
        if (e instanceof InvalidInputException || e instanceof PayloadTooLargeException) {
            return (RuntimeException) e;
        }
        return new InvalidInputException("body", "not a valid multipart/form-data body: " + HttpErrors.reason(e), e);
    }

    @Override
    public void close() {
        try {
            Collection<Part> parts = ctx.req().getParts();
            for (Part p : new ArrayList<>(parts)) {
                p.delete();
            }
        } catch (Exception e) {
            // the parse failed, so there are no parts to hand back: the directory goes below anyway
            log.debug("no multipart parts to delete: {}", e.toString());
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete the upload directory {}: {}", dir, e.toString());
        }
    }
}
