package dev.fluxschnell.sdk.errors;

import java.util.List;
import java.util.Map;

/** HTTP 422: the server rejected the input; {@link #invalidFields()} says which fields and why. Not retryable. */
public class InvalidRequestException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    private final List<InvalidField> invalidFields;

    /** Creates the exception from the problem fields and the list of invalid fields. */
    public InvalidRequestException(int statusCode, String title, String detail, String predictionId,
                                   List<InvalidField> invalidFields) {
        this(statusCode, title, detail, predictionId, invalidFields, Map.of());
    }

    /** Creates the exception from the problem fields, the list of invalid fields and the answer's headers. */
    public InvalidRequestException(int statusCode, String title, String detail, String predictionId,
                                   List<InvalidField> invalidFields, Map<String, List<String>> headers) {
        super(statusCode, title, detail, predictionId, headers, false, predictionId != null);
        this.invalidFields = List.copyOf(invalidFields);
    }

    /** The fields the server named as invalid; empty if it named none. */
    public List<InvalidField> invalidFields() {
        return invalidFields;
    }
}
