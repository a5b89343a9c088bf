package org.strokekg.error;

/** A failure that may pass on a later try: a backend down, a timeout, a busy model. */
public non-sealed class RetriableException extends StrokeKgException {

    public RetriableException(String message) {
        this(message, null);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 503;
    }

    @Override
    public String title() {
        return "Service unavailable";
    }
}
