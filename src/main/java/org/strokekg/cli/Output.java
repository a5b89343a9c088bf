package org.strokekg.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.strokekg.server.Json;

/** JSON for {@code --json} output: the same mapping as the HTTP API. */
final class Output {

    private Output() {
    }

    static String json(Object value) {
        try {
            return Json.mapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
