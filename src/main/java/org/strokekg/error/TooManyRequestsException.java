package org.strokekg.error;

/** Too many failed attempts from one client: refused until {@link #retryAfterSeconds()} have passed (429). */
public class TooManyRequestsException extends RetriableException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int httpStatus() {
        return 429;
    }

    @Override
    public String title() {
        return "Too many requests";
    }
}
