package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.errors.ModelSchemaException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check of live schemas against the recorded ones, against the emulator serving the recorded schemas, and a
 * drifted one.
 */
class SchemaCheckTest {
    @TempDir
    Path out;

    static final String FLUX_2_PRO = "black-forest-labs/flux-2-pro";

    @Test
    void everyModelTheSdkCalls_matchesItsRecordedSchema_onTheEmulator() {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
            List<SchemaReport> reports = client.models().check();
            assertThat(reports).hasSize(ModelDescription.all().size())
                    .allSatisfy(r -> assertThat(r.differences()).as(r.toString()).isEmpty());
        }
    }

    @Test
    void aDriftedSchema_isReportedByField_andABatchOnThatModelRefusesToStart_sendingNothing() {
        try (FakeReplicateServer server = FakeReplicateServer.builder()
                .schema(FLUX_2_PRO, FakeReplicateServer.driftedSchema(FLUX_2_PRO)).start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
            SchemaReport report = client.models().check(Model.FLUX_2_PRO);
            assertThat(report.compatible()).isFalse();
            assertThat(report.breaking()).singleElement().satisfies(d -> {
                assertThat(d.field()).isEqualTo("safety_tolerance");
                assertThat(d.kind()).isEqualTo(SchemaDifference.Kind.REMOVED);
            });
            assertThat(report.toString()).contains("INCOMPATIBLE").contains("safety_tolerance");

            BatchRequest batch = BatchRequest.builder().add(ImageRequest.builder().model(ImageModel.FLUX_2_PRO)
                    .prompt("a mug").build()).build();
            assertThatThrownBy(() -> client.generateBatch(batch)).isInstanceOfSatisfying(ModelSchemaException.class,
                    e -> {
                        assertThat(e.getMessage()).isEqualTo(report.toString());
                        assertThat(e.isRetryable()).isFalse();
                        assertThat(e.predictionMayExist()).isFalse();
                    });
            assertThat(server.stats().createRequests()).as("nothing sent").isZero();

            assertThat(client.generate(ImageRequest.of("other models run")).images()).hasSize(1);
        }
    }

    @Test
    void theCheckCanBeTurnedOff_andIsMadeOncePerClientAndModel() {
        try (FakeReplicateServer server = FakeReplicateServer.builder()
                .schema(FLUX_2_PRO, FakeReplicateServer.driftedSchema(FLUX_2_PRO)).start()) {
            try (FluxSchnellClient unchecked = server.clientBuilder().storage(LocalFileStorage.of(out))
                    .checkModels(false).build()) {
                assertThat(unchecked.generate(ImageRequest.builder().model(ImageModel.FLUX_2_PRO).prompt("a mug")
                        .build()).images()).hasSize(1);
                assertThat(server.stats().modelReads()).isZero();
            }
            try (FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
                client.generate(ImageRequest.of("one"));
                client.generate(ImageRequest.of("two"));
                assertThat(server.stats().modelReads()).as("flux-schnell read once").isEqualTo(1);
            }
        }
    }

    @Test
    void aPinnedCommunityModel_isComparedWithItsPinnedVersionsSchema() {
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).pinTestedVersions()
                     .build()) {
            SchemaReport r = client.models().check(Model.REAL_ESRGAN);
            assertThat(r.compatible()).isTrue();
            assertThat(r.liveVersion()).isEqualTo(Model.REAL_ESRGAN.testedVersion());
        }
    }
}
