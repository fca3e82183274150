package dev.fluxschnell.sdk.errors;

import java.util.List;
import java.util.Map;

/** HTTP 422: the server rejected the input; {@link #invalidFields()} says which fields and why. Not retryable. */
public class InvalidRequestException extends FluxSchnellServiceException {
    private static final long serialVersionUID = 1L;

    /** The fields the server named as invalid. */
    private final List<InvalidField> invalidFields;

    /**
     * Creates the exception from the problem fields and the list of invalid fields.
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     * @param invalidFields the fields the server named as invalid
     */
    public InvalidRequestException(int statusCode, String title, String detail, String predictionId,
                                   List<InvalidField> invalidFields) {
        this(statusCode, title, detail, predictionId, invalidFields, Map.of());
    }

    /**
     * Creates the exception from the problem fields, the list of invalid fields and the answer's headers.
     *
     * @param statusCode the HTTP status code
     * @param title the problem's {@code title}, or null
     * @param detail the problem's {@code detail}, or null
     * @param predictionId the prediction's id, or null when none is known
     * @param invalidFields the fields the server named as invalid
     * @param headers the answer's headers
     */
    public InvalidRequestException(int statusCode, String title, String detail, String predictionId,
                                   List<InvalidField> invalidFields, Map<String, List<String>> headers) {
        super(statusCode, title, detail, predictionId, headers, false, predictionId != null);
        this.invalidFields = List.copyOf(invalidFields);
    }

    /** {@return the fields the server named as invalid; empty if it named none} */
    public List<InvalidField> invalidFields() {
        return invalidFields;
    }
}
