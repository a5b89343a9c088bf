package org.strokekg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.strokekg.error.InvalidInputException;

/** A JSON request body read field by field, so every mistake names its property. */
final class JsonBody {

    static final long MAX_BYTES = 1 << 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses the body as a JSON object; {@code allowed} = null accepts any property (OpenAI clients send many). */
    static JsonBody of(Context ctx, Set<String> allowed) {
        if (ctx.contentLength() > MAX_BYTES) {
            throw new InvalidInputException("body", "larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(ctx.bodyInputStream());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("body", "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException("body", "cannot be read: " + e.getMessage(), e);
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
