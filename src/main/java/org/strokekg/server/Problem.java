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

    /** A short title for an HTTP status, the same wherever the answer is written. */
    static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Invalid input";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 408 -> "Request timeout";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 422 -> "Invalid batch";
            case 429 -> "Too many requests";
            case 431 -> "Request headers too large";
            case 500 -> "Internal error";
            case 501 -> "Not implemented";
            case 503 -> "Service unavailable";
            case 505 -> "HTTP version not supported";
            default -> status >= 500 ? "Server error" : "Error";
        };
    }

    static String typeFor(String title) {
        return "urn:strokekg:problem:" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
