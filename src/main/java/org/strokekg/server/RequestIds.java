package org.strokekg.server;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.strokekg.ops.Logs;
import org.slf4j.MDC;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is a plain token (letters, digits, {@code
 * . _ : -}, at most 128), else a new random one. It is echoed on the response (set before anything else runs, so 413s
 * and problem answers carry it too) and put in the logging MDC, so every log line written while the request is handled
 * names it. Outermost of the server's handlers.
 */
final class RequestIds extends Handler.Wrapper {

    static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "strokekg.requestId";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String id = accept(request.getHeaders().get(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.getHeaders().put(HEADER, id);
        String before = MDC.get(Logs.REQUEST_ID);
        MDC.put(Logs.REQUEST_ID, id);
        try {
            return super.handle(request, response, callback);
        } finally {
            if (before == null) {
                MDC.remove(Logs.REQUEST_ID);
            } else {
                MDC.put(Logs.REQUEST_ID, before);
            }
        }
    }

    /** The client's id when it is a plain token (it goes into logs and headers as it is), else a new one. */
    static String accept(String given) {
        if (given != null && ACCEPTED.matcher(given).matches()) {
            return given;
        }
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
