package org.strokekg.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's own error answers (a malformed request line, a bad URI or %-escape, headers too large, a body over its limit,
 * anything that fails before or around a route) as RFC 9457 problem JSON with the security headers, instead of Jetty's
 * HTML pages. The detail is Jetty's reason, which names what was wrong; a server error's cause goes to the log only.
 */
final class ErrorPages extends ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
    static final String CONTENT_TYPE = Problem.CONTENT_TYPE + ";charset=utf-8";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_STATUS) instanceof Integer s) {
            status = s;
        }
        if (status < 400) {
            status = 500;
        }
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        Throwable cause = request.getAttribute(ERROR_EXCEPTION) instanceof Throwable t ? t : null;
        // a 5xx Jetty raised about the request itself (505 Unknown Version) is the client's, not a failure to log
        if (status >= 500 && cause != null && !cause.getClass().getName().startsWith("org.eclipse.jetty.http.")) {
            log.warn("{} {} failed in the server: {}", request.getMethod(), path(request), cause.toString(), cause);
        }
        write(request, response, callback, status, detail(status, message));
        return true;
    }

    /** Answers for requests too malformed to become one (a broken request line or header): the same problem JSON. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        SecurityHeaders.apply(fields::put);
        return ByteBuffer.wrap(json(status, detail(status, reason), ""));
    }

    /** Writes a problem answer on Jetty's level (no route, no Javalin context). */
    static void write(Request request, Response response, Callback callback, int status, String detail) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("response already committed"));
            return;
        }
        response.reset();
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        if (status == 413) {
            headers.put(HttpHeader.CONNECTION, "close"); // the rest of the body is not read
        }
        SecurityHeaders.apply(headers::put);
        if (request.getAttribute(RequestIds.ATTRIBUTE) instanceof String id) {
            headers.put(RequestIds.HEADER, id); // reset() took it off
        }
        response.write(true, ByteBuffer.wrap(json(status, detail, path(request))), callback);
    }

    private static String detail(int status, String message) {
        if (status >= 500) {
            return "unexpected error; see the server log";
        }
        String reason = Optional.ofNullable(message).map(String::strip).filter(m -> !m.isEmpty())
                .orElseGet(() -> Optional.ofNullable(HttpStatus.getMessage(status)).orElse("error"));
        // Jetty's reasons are plain words; a Java class name in front ("org.x.Y: …") tells the client nothing
        return reason.replaceFirst("^([a-z][\\w$]*\\.)+[A-Z][\\w$]*:\\s*", "");
    }

    private static String path(Request request) {
        try {
            return Optional.ofNullable(request.getHttpURI().getPath()).orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static byte[] json(int status, String detail, String instance) {
        String title = Problem.titleFor(status);
        Problem p = new Problem(Problem.typeFor(title), title, status, detail, instance, Optional.empty(),
                Optional.empty(), List.of());
        try {
            return Json.mapper().writeValueAsBytes(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
