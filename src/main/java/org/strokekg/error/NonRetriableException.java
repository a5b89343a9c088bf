package org.strokekg.error;

/** A failure that repeats on every try until the input or the configuration changes. */
public non-sealed class NonRetriableException extends StrokeKgException {

    public NonRetriableException(String message) {
        this(message, null);
    }

    public NonRetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 500;
    }

    @Override
    public String title() {
        return "Internal error";
    }
}
