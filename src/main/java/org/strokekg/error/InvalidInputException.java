package org.strokekg.error;

/**
 * Bad input, naming the field (a request parameter, a JSON property, a column, a config key) and the reason.
 * The server turns it into RFC 9457 problem JSON with {@code field} and {@code reason}; the CLI prints both.
 */
public class InvalidInputException extends NonRetriableException {

    private final String field;
    private final String reason;

    public InvalidInputException(String field, String reason) {
        this(field, reason, null);
    }

    public InvalidInputException(String field, String reason, Throwable cause) {
        super(field + ": " + reason, cause);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    @Override
    public int httpStatus() {
        return 400;
    }

    @Override
    public String title() {
        return "Invalid input";
    }
}
