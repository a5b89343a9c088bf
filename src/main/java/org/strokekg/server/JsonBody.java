package org.strokekg.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.PayloadTooLargeException;

/**
 * A JSON request body read field by field, so every mistake names its property. The body is read whole (at most
 * {@link BodyLimits#JSON_BYTES}), decoded as strict UTF-8 (no overlong forms, no surrogates, no bad bytes) and must
 * be exactly one JSON object: trailing text and repeated keys are refused, not ignored.
 */
final class JsonBody {

    static final long MAX_BYTES = BodyLimits.JSON_BYTES;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses the body as a JSON object; {@code allowed} = null accepts any property (OpenAI clients send many). */
    static JsonBody of(Context ctx, Set<String> allowed) {
        if (ctx.contentLength() > MAX_BYTES) {
            throw new PayloadTooLargeException("the body may be at most " + BodyLimits.describe(MAX_BYTES), null);
        }
        String text = utf8(read(ctx));
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("body", "not valid JSON: " + HttpErrors.reason(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object");
        }
        if (allowed != null) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw new InvalidInputException(f, "unknown property; allowed: " + String.join(", ",
                            allowed.stream().sorted().toList()));
                }
            }
        }
        return new JsonBody(root);
    }

    private static byte[] read(Context ctx) {
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new PayloadTooLargeException("the body may be at most " + BodyLimits.describe(MAX_BYTES), null);
            }
            return bytes;
        } catch (BodyLimits.TooLarge e) {
            throw new PayloadTooLargeException(e.getMessage(), e);
        } catch (IOException e) {
            throw HttpErrors.asClientError(e).<RuntimeException>map(x -> x)
                    .orElseGet(() -> new InvalidInputException("body", "cannot be read: " + HttpErrors.reason(e), e));
        }
    }

    /** Strict UTF-8: a malformed or overlong sequence is an error, not a replacement character. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("body", "not valid UTF-8", e);
        }
    }

    JsonNode root() {
        return root;
    }

    Optional<String> string(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new InvalidInputException(field, "must be a string");
        }
        return Optional.of(n.asText());
    }

    String requiredString(String field) {
        return string(field).filter(s -> !s.isBlank())
                .orElseThrow(() -> new InvalidInputException(field, "is required"));
    }

    int integer(String field, int fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new InvalidInputException(field, "must be an integer");
        }
        return n.asInt();
    }

    boolean bool(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new InvalidInputException(field, "must be true or false");
        }
        return n.asBoolean();
    }
}
