package dev.fluxschnell.examples;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.batch.BatchResult;
import dev.fluxschnell.sdk.batch.QuotaPolicy;
import dev.fluxschnell.sdk.errors.QuotaExceededException;
import dev.fluxschnell.sdk.quota.Quota;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A custom {@link Quota}: a fixed number of images per customer (what a SaaS plan might allow). A batch over the
 * limit fails before anything is spent, or, with {@link QuotaPolicy#SKIP_EXCESS}, runs what fits.
 */
public final class CustomQuotaExample {
    private CustomQuotaExample() {}

    /** A plan-based quota: each subject may have {@code limit} images in total. */
    static final class PlanQuota implements Quota {
        private final long limit;
        private final ConcurrentMap<String, Long> used = new ConcurrentHashMap<>();

        PlanQuota(long limit) {
            this.limit = limit;
        }

        @Override
        public synchronized boolean tryReserve(String subject, int images) {
            long now = used.getOrDefault(subject, 0L);
            if (now + images > limit) {
                return false;
            }
            used.put(subject, now + images);
            return true;
        }

        @Override
        public void commit(String subject, int images) {
            // reserved images stay used
        }

        @Override
        public synchronized void release(String subject, int images) {
            used.merge(subject, -(long) images, Long::sum);
        }

        @Override
        public long remaining(String subject) {
            return limit - used.getOrDefault(subject, 0L);
        }
    }

    /** Runs two batches for a customer with a 3-image plan. */
    public static void main(String[] args) {
        try (FluxSchnellClient client = ExampleClients.create(b -> b.quota(new PlanQuota(3))
                .storage(LocalFileStorage.of(Path.of("out/quota"))))) {
            List<String> prompts = List.of("Logo draft A", "Logo draft B", "Logo draft C", "Logo draft D");
            try {
                client.generateBatch(BatchRequest.builder().prompts(prompts).subject("customer-42").build());
            } catch (QuotaExceededException e) {
                System.out.println("refused before any cost: " + e.getMessage());
            }
            BatchResult r = client.generateBatch(BatchRequest.builder().prompts(prompts)
                    .subject("customer-42").quotaPolicy(QuotaPolicy.SKIP_EXCESS).build());
            for (BatchItem item : r.items()) {
                System.out.printf("%s -> %s%n", item.request().summary(), item.outcome());
            }
            System.out.println("remaining for customer-42: " + client.remainingQuota("customer-42").orElseThrow());
        }
    }
}
