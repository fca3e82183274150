package dev.fluxschnell.sdk.errors;

import java.util.List;

/** HTTP 422: the server rejected the input; {@link #invalidFields()} says which fields and why. */
public class InvalidRequestException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    private final List<InvalidField> invalidFields;

    /** Creates the exception from the problem fields and the list of invalid fields. */
    public InvalidRequestException(int statusCode, String title, String detail, String predictionId,
                                   List<InvalidField> invalidFields) {
        super(statusCode, title, detail, predictionId);
        this.invalidFields = List.copyOf(invalidFields);
    }

    /** The fields the server named as invalid; empty if it named none. */
    public List<InvalidField> invalidFields() {
        return invalidFields;
    }
}
