package org.strokekg.error;

/** The thing asked for (an entity, a batch, a model) does not exist. */
public class NotFoundException extends NonRetriableException {

    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }

    @Override
    public String title() {
        return "Not found";
    }
}
