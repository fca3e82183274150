package dev.fluxschnell.sdk.testing;

/**
 * What a {@link FakeReplicateServer} has seen, as a snapshot.
 *
 * @param createRequests every POST to the create endpoint, whatever its answer
 * @param predictionsCreated predictions actually created (each would be billed if it succeeded)
 * @param unauthorized answers 401
 * @param invalid answers 422
 * @param throttled answers 429
 * @param injectedErrors injected 500 answers to create (no prediction created)
 * @param droppedConnections connections dropped on purpose
 * @param polls GETs of a prediction
 * @param cancels cancel calls
 * @param downloads image downloads started
 * @param truncatedDownloads downloads cut short on purpose
 * @param succeeded predictions that succeeded
 * @param failed predictions that failed (injected model errors)
 * @param canceled predictions canceled or aborted
 * @param running predictions not yet finished now
 * @param maxInFlight the most predictions unfinished at the same time
 * @param webhooksDelivered webhook deliveries answered 2xx
 * @param lists {@code GET /v1/predictions} calls
 * @param deploymentCreates creates sent to a deployment's path (included in {@code createRequests})
 * @param fileUploads files uploaded through {@code POST /v1/files}
 * @param modelReads {@code GET /v1/models/{owner}/{name}} calls
 */
public record ServerStats(long createRequests, long predictionsCreated, long unauthorized, long invalid,
                          long throttled, long injectedErrors, long droppedConnections, long polls, long cancels,
                          long downloads, long truncatedDownloads, long succeeded, long failed, long canceled,
                          long running, long maxInFlight, long webhooksDelivered, long lists,
                          long deploymentCreates, long fileUploads, long modelReads) {
    /**
     * {@return every prediction, model and file request the server answered or dropped (creates, polls, cancels,
     * lists, downloads, uploads, model reads)}
     */
    public long totalRequests() {
        return createRequests + polls + cancels + lists + downloads + fileUploads + modelReads;
    }
}
