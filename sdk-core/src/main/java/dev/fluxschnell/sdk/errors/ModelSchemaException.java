package dev.fluxschnell.sdk.errors;

import dev.fluxschnell.sdk.request.SchemaReport;

/**
 * A model's live schema changed under this SDK in a way that would refuse or misread its requests (a field it sends
 * removed, a range narrowed, a new required field, another output shape), found before anything was created: nothing
 * was sent, nothing billed. Update the SDK, pin a community model's version, or — having read the report — turn the
 * check off ({@code FluxSchnellClient.Builder.checkModels(false)}).
 */
public class ModelSchemaException extends FluxSchnellClientException {
    private static final long serialVersionUID = 1L;

    /** The report, transient: exceptions are serialized without it. */
    private final transient SchemaReport report;

    /**
     * Creates the exception for a report with breaking differences.
     *
     * @param report the report
     */
    public ModelSchemaException(SchemaReport report) {
        super(report.toString(), null, null, false, false);
        this.report = report;
    }

    /** {@return the report: the model, the versions compared, and every difference} */
    public SchemaReport report() {
        return report;
    }
}
