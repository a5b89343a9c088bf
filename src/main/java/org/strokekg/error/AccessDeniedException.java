package org.strokekg.error;

/** A write without a key (401) or with a key whose role may not do it (403). */
public class AccessDeniedException extends NonRetriableException {

    private final boolean authenticated;

    private AccessDeniedException(String message, boolean authenticated) {
        super(message);
        this.authenticated = authenticated;
    }

    public static AccessDeniedException unauthenticated(String message) {
        return new AccessDeniedException(message, false);
    }

    public static AccessDeniedException forbidden(String message) {
        return new AccessDeniedException(message, true);
    }

    @Override
    public int httpStatus() {
        return authenticated ? 403 : 401;
    }

    @Override
    public String title() {
        return authenticated ? "Forbidden" : "Unauthorized";
    }
}
