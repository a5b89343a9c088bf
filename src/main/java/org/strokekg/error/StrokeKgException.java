package org.strokekg.error;

/**
 * Root of every exception StrokeKG throws on purpose. Unchecked, like LangChain4j's: callers catch what they can handle.
 * Split into {@link RetriableException} (trying again may work) and {@link NonRetriableException} (it will not).
 */
public abstract sealed class StrokeKgException extends RuntimeException
        permits RetriableException, NonRetriableException {

    protected StrokeKgException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status this failure maps to; the server's one exception mapper reads it. */
    public abstract int httpStatus();

    /** A short, stable title for problem JSON ("Invalid input", "Not found"…). */
    public abstract String title();
}
