package org.strokekg.error;

/** A request body over the limit its route allows (413). */
public class PayloadTooLargeException extends NonRetriableException {

    public PayloadTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 413;
    }

    @Override
    public String title() {
        return "Payload too large";
    }
}
