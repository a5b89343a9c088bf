package org.strokekg.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.PayloadTooLargeException;
import org.strokekg.error.StrokeKgException;

/**
 * What an exception that is not StrokeKG's own means for the client, whichever layer raised it (Jetty, the multipart
 * parser, Jackson, Javalin): a body over its limit is 413, unreadable input 400; only what is left is a server error.
 * Details never carry Java or Jackson class names: they name the input, not the implementation.
 */
final class HttpErrors {

    /** A qualified Java name ({@code java.io.IOException}, {@code com.fasterxml.jackson.core.JsonParseException}). */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}[A-Z][\\w$]*:?\\s*");
    /** Jackson's location suffix, which names its own features. */
    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\s*\\(?\\[Source: .*?](?:\\))?", Pattern.DOTALL);

    private HttpErrors() {
    }

    /** The exception as one of StrokeKG's own when it is the client's doing, else empty (a server error). */
    static Optional<StrokeKgException> asClientError(Throwable e) {
        Optional<BodyLimits.TooLarge> tooLarge = cause(e, BodyLimits.TooLarge.class);
        if (tooLarge.isPresent()) {
            return Optional.of(new PayloadTooLargeException(tooLarge.get().getMessage(), e));
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof StrokeKgException ske) {
                return Optional.of(ske);
            }
            if (name.startsWith("com.fasterxml.jackson.core.")) {
                return Optional.of(new InvalidInputException("body", "not valid JSON: " + reason(t), e));
            }
            if (name.startsWith("org.eclipse.jetty.http.") && (name.endsWith("BadMessageException")
                    || name.contains("HttpException"))) {
                return Optional.of(new InvalidInputException("request", reason(t), e));
            }
            if (name.equals("org.eclipse.jetty.io.EofException") || t instanceof java.io.EOFException) {
                return Optional.of(new InvalidInputException("body", "ended before it was complete", e));
            }
            if (t instanceof jakarta.servlet.ServletException || name.contains("MultiPart")) {
                return Optional.of(new InvalidInputException("body", "not a valid multipart/form-data body: "
                        + reason(t), e));
            }
        }
        return Optional.empty();
    }

    /**
     * A failure of StrokeKG's own that the client caused further down: a body over its limit (413) or one that ended
     * before it was complete (400) reads to the reader as a failed read, which is not the server's to retry (503).
     */
    static StrokeKgException refine(StrokeKgException e) {
        Optional<BodyLimits.TooLarge> tooLarge = cause(e, BodyLimits.TooLarge.class);
        if (tooLarge.isPresent()) {
            return new PayloadTooLargeException(tooLarge.get().getMessage(), e);
        }
        for (Throwable t = e; t != null && !(e instanceof InvalidInputException); t = t.getCause()) {
            if (t.getClass().getName().equals("org.eclipse.jetty.io.EofException") || t instanceof java.io.EOFException) {
                return new InvalidInputException("body", "ended before it was complete", e);
            }
        }
        return e;
    }

    static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** An exception's message without class names or parser internals; its simple description if it has none. */
    static String reason(Throwable t) {
        String m = t instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                : t.getMessage();
        String clean = sanitize(Objects.requireNonNullElse(m, ""));
        return clean.isBlank() ? "unreadable" : clean;
    }

    /** Takes qualified class names and Jackson's source locations out of a detail. */
    static String sanitize(String detail) {
        String s = JACKSON_SOURCE.matcher(detail).replaceAll("");
        s = CLASS_NAME.matcher(s).replaceAll("");
        return s.replace("`", "'").strip();
    }

    /**
     * A query string must be well formed: every {@code %} followed by two hex digits, and the decoded bytes UTF-8.
     * A parameter with a broken escape would otherwise be dropped without a word.
     */
    static void checkQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new InvalidInputException("query", "invalid %-escape at position " + (i + 1)
                            + ": % must be followed by two hex digits");
                }
                bytes[n++] = (byte) (Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                return; // a raw non-ASCII query is the client's encoding; Jetty decoded it already
            } else {
                bytes[n++] = (byte) c;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("query", "%-escapes that are not UTF-8", e);
        }
    }
}
