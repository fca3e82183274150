package dev.fluxschnell.sdk.internal;

import dev.fluxschnell.sdk.PredictionStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The fields of a Replicate prediction the SDK uses, parsed leniently.
 *
 * @param id prediction id
 * @param status mapped status ({@code UNKNOWN} for values this SDK does not know)
 * @param rawStatus the status string as sent
 * @param output output URLs (empty when none yet)
 * @param error the model's error text, or null
 * @param getUrl {@code urls.get}, or null
 * @param cancelUrl {@code urls.cancel}, or null
 * @param predictTime {@code metrics.predict_time}, or null
 * @param dataRemoved whether the outputs were already deleted
 * @param input the prediction's input as the server echoes it, or null
 * @param createdAt {@code created_at}, or null
 */
public record Prediction(String id, PredictionStatus status, String rawStatus, List<URI> output, String error,
                         URI getUrl, URI cancelUrl, Duration predictTime, boolean dataRemoved,
                         com.fasterxml.jackson.databind.JsonNode input, java.time.Instant createdAt) {}
