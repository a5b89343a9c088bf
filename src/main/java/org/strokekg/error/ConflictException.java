package org.strokekg.error;

/** The request is valid but clashes with the current state (merging an entity into itself, undoing a batch another depends on). */
public class ConflictException extends NonRetriableException {

    public ConflictException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }

    @Override
    public String title() {
        return "Conflict";
    }
}
