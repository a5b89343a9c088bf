package org.strokekg.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem document. {@code field} and {@code reason} name what was wrong with the input;
 * {@code errors} carries a validation report's lines when there are many.
 */
record Problem(String type, String title, int status, String detail, String instance, Optional<String> field,
               Optional<String> reason,
               @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Map<String, Object>> errors) {

    static final String CONTENT_TYPE = "application/problem+json";

    Problem {
        errors = List.copyOf(errors);
    }

    static String typeFor(String title) {
        return "urn:strokekg:problem:" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
