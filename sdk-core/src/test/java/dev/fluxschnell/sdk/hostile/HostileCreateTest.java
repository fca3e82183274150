package dev.fluxschnell.sdk.hostile;

import static dev.fluxschnell.sdk.hostile.HostileServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.result.GenerationResult;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.TestImages;
import dev.fluxschnell.sdk.errors.FluxSchnellException;
import dev.fluxschnell.sdk.errors.FluxSchnellIOException;
import dev.fluxschnell.sdk.errors.PredictionCanceledException;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creates whose answers are held, lost or never come, against a raw-socket server: close() leaves nothing running
 * that it asked for, and reconciliation re-creates only when the prediction list proves nothing was created.
 */
@Timeout(60)
class HostileCreateTest {
    static final String TOKEN = "r8_HostileCreateToken0123456789";
    static final String CREATE = HostileServerTest.CREATE;

    @TempDir
    Path out;

    FluxSchnellClient.Builder client(HostileServer s) {
        return FluxSchnellClient.builder().apiToken(TOKEN).baseUrl(s.baseUrl()).checkModels(false)
                .downloadHosts(List.of("127.0.0.1"))
                .storage(LocalFileStorage.of(out)).requestTimeout(Duration.ofSeconds(2)).syncWait(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).listLag(Duration.ofSeconds(1)).maxRetries(2)
                .predictionTimeout(Duration.ofSeconds(50));
    }

    /** The input the SDK sends for {@code ImageRequest.of(prompt)}, as the server would echo it in its list. */
    static String input(String prompt) {
        return "{\"prompt\":\"" + prompt + "\"}";
    }

    static String listed(String id, String prompt) {
        return "{\"id\":\"" + id + "\",\"status\":\"processing\",\"created_at\":\"" + Instant.now() + "\",\"input\":"
                + input(prompt) + "}";
    }

    static String inlineImage() {
        return "data:image/webp;base64," + Base64.getEncoder().encodeToString(TestImages.webp(64));
    }

    @RepeatedTest(2)
    void aCreateHeldPastClosesGrace_isCanceledWhenItsAnswerArrives() throws Exception {
        CountDownLatch created = new CountDownLatch(1);
        AtomicReference<Instant> canceledAt = new AtomicReference<>();
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST") && r.path().equals(CREATE)) {
                created.countDown();
                Thread.sleep(8_000); // past close()'s 5 s grace; the prediction exists on the server meanwhile
                answer(o, 201, HostileServerTest.prediction("held1", "starting"));
            } else if (r.path().equals("/v1/predictions/held1/cancel")) {
                canceledAt.set(Instant.now());
                answer(o, 200, HostileServerTest.prediction("held1", "canceled"));
            } else {
                answer(o, 404, "{\"title\":\"Not found\"}");
            }
        })) {
            FluxSchnellClient c = client(s).requestTimeout(Duration.ofSeconds(20)).build();
            CompletableFuture<GenerationResult> f = c.generateAsync(ImageRequest.of("held"));
            assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            c.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("close() returns after its grace")
                    .isLessThan(Duration.ofMillis(7500));
            assertThat(f).isCompletedExceptionally();
            assertThatThrownBy(f::join).hasCauseInstanceOf(PredictionCanceledException.class);

            assertThat(c.awaitTermination(Duration.ofSeconds(20))).as("the drain finished").isTrue();
            assertThat(canceledAt.get()).as("the prediction its create made was canceled").isNotNull();
            assertThat(s.count("POST", CREATE)).isEqualTo(1);
        }
        HostileServerTest.assertNoSdkThreadsLeft();
    }

    @Test
    void aCreateThatNeverAnswers_closedMeanwhile_isFoundInTheListAndCanceled_withoutAnotherCreate() throws Exception {
        AtomicReference<Instant> createdAt = new AtomicReference<>();
        CountDownLatch created = new CountDownLatch(1);
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST") && r.path().equals(CREATE)) {
                createdAt.set(Instant.now());
                created.countDown();
                Thread.sleep(30_000); // never answers in time; the server did create it
            } else if (r.path().equals("/v1/predictions")) {
                // the list lags: the prediction shows up 4 s after it was created
                boolean shown = Duration.between(createdAt.get(), Instant.now()).toMillis() >= 4_000;
                answer(o, 200, shown ? "{\"results\":[" + listed("never1", "never") + "]}" : "{\"results\":[]}");
            } else if (r.path().equals("/v1/predictions/never1/cancel")) {
                answer(o, 200, HostileServerTest.prediction("never1", "canceled"));
            } else {
                answer(o, 404, "{\"title\":\"Not found\"}");
            }
        })) {
            FluxSchnellClient c = client(s).syncWait(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2))
                    .listLag(Duration.ofSeconds(6)).build();
            CompletableFuture<GenerationResult> f = c.generateAsync(ImageRequest.of("never"));
            assertThat(created.await(10, TimeUnit.SECONDS)).isTrue();
            c.close();
            assertThat(f).isCompletedExceptionally();
            assertThat(c.awaitTermination(Duration.ofSeconds(30))).isTrue();
            assertThat(s.count("POST", "/v1/predictions/never1/cancel")).isEqualTo(1);
            assertThat(s.count("POST", CREATE)).as("no second create").isEqualTo(1);
        }
    }

    @Test
    void aLostAnswer_whoseLaggingListShowsThePredictionLate_isAdopted_notCreatedAgain() throws Exception {
        AtomicReference<Instant> createdAt = new AtomicReference<>();
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST") && r.path().equals(CREATE)) {
                createdAt.set(Instant.now());
                sock.setSoLinger(true, 0); // the server created it, then the connection is reset
                sock.close();
            } else if (r.path().equals("/v1/predictions")) {
                boolean shown = Duration.between(createdAt.get(), Instant.now()).toMillis() >= 1_500;
                answer(o, 200, shown ? "{\"results\":[" + listed("late1", "late") + "]}" : "{\"results\":[]}");
            } else if (r.path().equals("/v1/predictions/late1")) {
                answer(o, 200, HostileServerTest.prediction("late1", "succeeded", inlineImage()));
            } else {
                answer(o, 404, "{\"title\":\"Not found\"}");
            }
        }); FluxSchnellClient c = client(s).listLag(Duration.ofSeconds(5)).build()) {
            assertThat(c.generate(ImageRequest.of("late")).predictionId()).isEqualTo("late1");
            assertThat(s.count("POST", CREATE)).as("adopted, not created again").isEqualTo(1);
        }
    }

    @Test
    void lostAnswers_whenTheListProvesNothingWasCreated_areCreatedAgainUpToMaxRetries() throws Exception {
        AtomicInteger creates = new AtomicInteger();
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST") && r.path().equals(CREATE)) {
                if (creates.incrementAndGet() < 3) { // dropped before the server created anything, twice
                    sock.setSoLinger(true, 0);
                    sock.close();
                    return;
                }
                answer(o, 201, HostileServerTest.prediction("third1", "processing", inlineImage()));
            } else if (r.method().equals("GET")) {
                answer(o, 200, "{\"results\":[],\"next\":null}");
            } else {
                answer(o, 404, "{\"title\":\"Not found\"}");
            }
        }); FluxSchnellClient c = client(s).build()) {
            assertThat(c.generate(ImageRequest.of("third")).predictionId()).isEqualTo("third1");
            assertThat(s.count("POST", CREATE)).as("the first create and two re-creates").isEqualTo(3);
        }
        creates.set(-100);
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST")) {
                sock.setSoLinger(true, 0);
                sock.close();
            } else {
                answer(o, 200, "{\"results\":[]}");
            }
        }); FluxSchnellClient c = client(s).build()) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("never created")))
                    .isInstanceOfSatisfying(FluxSchnellIOException.class, e -> {
                        assertThat(e).hasMessageContaining("none of them created a prediction");
                        assertThat(e.predictionMayExist()).isFalse();
                        assertThat(e.isRetryable()).as("proven: nothing exists, so sending it again is safe")
                                .isTrue();
                    });
            assertThat(s.count("POST", CREATE)).as("1 + maxRetries").isEqualTo(3);
        }
    }

    @Test
    void aLostAnswer_whenTheListCannotBeRead_failsWithoutCreatingAgain_andSaysAPredictionMayExist() throws Exception {
        try (HostileServer s = new HostileServer((r, sock, o) -> {
            if (r.method().equals("POST")) {
                sock.setSoLinger(true, 0);
                sock.close();
            } else {
                answer(o, 500, "text/html", "<html>list down</html>".getBytes(StandardCharsets.UTF_8));
            }
        }); FluxSchnellClient c = client(s).build()) {
            assertThatThrownBy(() -> c.generate(ImageRequest.of("unknowable")))
                    .isInstanceOfSatisfying(FluxSchnellException.class, e -> {
                        assertThat(e.predictionMayExist()).isTrue();
                        assertThat(e.isRetryable()).isFalse();
                    });
            assertThat(s.count("POST", CREATE)).isEqualTo(1);
        }
    }
}
