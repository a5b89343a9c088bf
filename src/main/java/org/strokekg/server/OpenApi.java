package org.strokekg.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the hand-written OpenAPI document. A test compares it with the registered routes, so a route cannot be added
 * without being described.
 */
final class OpenApi {

    static final String RESOURCE = "strokekg/openapi.json";
    private static final byte[] DOCUMENT = load();

    private OpenApi() {
    }

    static void serve(Context ctx) {
        ctx.contentType("application/json").result(DOCUMENT);
    }

    private static byte[] load() {
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
