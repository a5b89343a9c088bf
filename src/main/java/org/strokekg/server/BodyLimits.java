package org.strokekg.server;

import java.io.IOException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Bounds every request body as it streams, before any route or parser sees it: a declared {@code Content-Length} over
 * the route's limit is answered 413 at once; a body without one (chunked) fails its read at the first byte past the
 * limit, with {@link TooLarge}, which the routes' error mapping answers 413. The limit depends on the route: a curator
 * upload ({@code POST /api/v1/batches}, multipart or raw) may be {@value #UPLOAD_BYTES} bytes, anything else
 * {@value #JSON_BYTES} (every other body is a JSON document).
 */
final class BodyLimits extends Handler.Wrapper {

    static final long JSON_BYTES = 1L << 20;
    static final long UPLOAD_BYTES = 64L << 20;
    static final String UPLOAD_PATH = "/api/v1/batches";

    /** A body went past its route's limit while it was read. */
    static final class TooLarge extends IOException {
        private final long limit;

        TooLarge(long limit) {
            super("the request body is larger than " + describe(limit));
            this.limit = limit;
        }

        long limit() {
            return limit;
        }
    }

    /** The largest body this request may send. */
    static long limitFor(String method, String path) {
        return HttpMethod.POST.is(method) && path.equals(UPLOAD_PATH) ? UPLOAD_BYTES : JSON_BYTES;
    }

    static String describe(long limit) {
        return limit >= 1L << 20 ? (limit >> 20) + " MiB (" + limit + " bytes)" : limit + " bytes";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long limit = limitFor(request.getMethod(), Request.getPathInContext(request));
        long declared = request.getLength();
        if (declared > limit) {
            ErrorPages.write(request, response, callback, 413, "the body of " + request.getMethod().toUpperCase(Locale.ROOT)
                    + " " + Request.getPathInContext(request) + " may be at most " + describe(limit) + "; this one "
                    + "declares " + declared + " bytes");
            return true;
        }
        return super.handle(new Limited(request, limit), response, callback);
    }

    /** Counts the body's bytes as they are read and ends it with a failure at the first one past the limit. */
    private static final class Limited extends Request.Wrapper {
        private final long limit;
        private long read;
        private boolean failed;

        Limited(Request request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Content.Chunk read() {
            if (failed) {
                return Content.Chunk.from(new TooLarge(limit), true);
            }
            Content.Chunk chunk = super.read();
            if (chunk == null || Content.Chunk.isFailure(chunk)) {
                return chunk;
            }
            read += chunk.remaining();
            if (read > limit) {
                chunk.release();
                failed = true;
                return Content.Chunk.from(new TooLarge(limit), true);
            }
            return chunk;
        }
    }
}
