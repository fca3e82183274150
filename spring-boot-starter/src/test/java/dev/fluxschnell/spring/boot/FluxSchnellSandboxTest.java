package dev.fluxschnell.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.result.GeneratedImage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** flux-schnell.sandbox: the bundled emulator as a bean, the client wired to it, and the refusals. */
class FluxSchnellSandboxTest {
    static final String BANNER = "SANDBOX (flux-schnell.sandbox=true)";

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FluxSchnellAutoConfiguration.class))
                .withPropertyValues("flux-schnell.storage.directory=" + dir);
    }

    @Test
    void sandbox_startsTheEmulatorAsABean_wiresTheClient_warnsOnce_andClosesItWithTheContext() {
        int[] port = new int[1];
        String log = stderrOf(() -> runner().withPropertyValues("flux-schnell.sandbox=true").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(FakeReplicateServer.class);
            FakeReplicateServer emulator = ctx.getBean(FakeReplicateServer.class);
            port[0] = emulator.port();
            FluxSchnellClient client = ctx.getBean(FluxSchnellClient.class);
            assertThat(client.options().baseUrl()).isEqualTo(emulator.baseUrl());
            assertThat(client.options().apiToken()).isEqualTo(emulator.token());
            assertThat(client.options().downloadHosts()).containsExactly("127.0.0.1");

            GeneratedImage image = client.generate(ImageRequest.of("a red bicycle")).images().get(0);

            assertThat(emulator.stats().totalRequests()).isPositive();
            assertThat(Path.of(image.location())).exists().startsWith(dir);
            assertThat(Files.size(Path.of(image.location()))).isPositive();
        }));
        assertThat(log).containsOnlyOnce(BANNER).contains("nothing is billed",
                "placeholder");
        assertThatThrownBy(() -> new Socket("127.0.0.1", port[0]).close()).as("closed with the context")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void sandbox_isRefused_whenAReplicateTokenIsConfigured_unlessDespiteToken() {
        runner().withPropertyValues("flux-schnell.sandbox=true", "flux-schnell.api-token=r8_real_token_123456789")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("a Replicate API token is configured (flux-schnell.api-token)")
                        .hasMessageContaining("flux-schnell.sandbox-despite-token=true"));
        runner().withPropertyValues("flux-schnell.sandbox=true", "REPLICATE_API_TOKEN=r8_real_token_123456789")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("(REPLICATE_API_TOKEN)"));
        runner().withPropertyValues("flux-schnell.sandbox=true", "flux-schnell.sandbox-despite-token=true",
                "flux-schnell.api-token=r8_real_token_123456789").run(ctx -> {
                    FakeReplicateServer emulator = ctx.getBean(FakeReplicateServer.class);
                    var options = ctx.getBean(FluxSchnellClient.class).options();
                    assertThat(options.apiToken()).as("the real token is never sent to the emulator")
                            .isEqualTo(emulator.token());
                    assertThat(options.baseUrl()).isEqualTo(emulator.baseUrl());
                });
    }

    @Test
    void sandbox_withoutSdkTesting_failsTheStart_namingTheDependency() {
        runner().withClassLoader(new FilteredClassLoader(FakeReplicateServer.class))
                .withPropertyValues("flux-schnell.sandbox=true").run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("dev.fluxschnell:flux-schnell-sdk-testing"));
    }

    @Test
    void sandbox_usesTheApplicationsOwnEmulatorBean() throws Exception {
        try (FakeReplicateServer own = FakeReplicateServer.builder().token("r8_own_emulator").start()) {
            runner().withPropertyValues("flux-schnell.sandbox=true").withBean("myEmulator", FakeReplicateServer.class,
                    () -> own).run(ctx -> {
                        assertThat(ctx).hasSingleBean(FakeReplicateServer.class).hasBean("myEmulator");
                        var options = ctx.getBean(FluxSchnellClient.class).options();
                        assertThat(options.baseUrl()).isEqualTo(own.baseUrl());
                        assertThat(options.apiToken()).isEqualTo("r8_own_emulator");
                    });
        }
    }

    @Test
    void withoutTheProperty_noEmulatorStarts_evenWithSdkTestingOnTheClassPath() {
        runner().withPropertyValues("flux-schnell.api-token=r8_real_token_123456789").run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(FakeReplicateServer.class);
            assertThat(ctx.getBean(FluxSchnellClient.class).options().baseUrl())
                    .hasToString("https://api.replicate.com");
        });
    }

    /** What {@code run} logged (slf4j-simple writes to the current System.err), echoed to the real one. */
    static String stderrOf(Runnable run) {
        java.io.PrintStream real = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(real);
        }
        String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        real.print(text);
        return text;
    }
}
