package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code flux-schnell.sandbox=true}: the bundled emulator ({@link FakeReplicateServer}, from the optional
 * flux-schnell-sdk-testing) as a bean closed with the context, and the client wired to it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("flux-schnell.sandbox")
class FluxSchnellSandboxConfiguration {
    static final String EMULATOR = "dev.fluxschnell.sdk.testing.FakeReplicateServer";
    private static final Logger LOG = LoggerFactory.getLogger(FluxSchnellSandboxConfiguration.class);

    /** The emulator is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = EMULATOR)
    static class Emulator {
        /** The emulator with default settings, unless the application defines its own FakeReplicateServer bean. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        FakeReplicateServer fluxSchnellEmulator(FluxSchnellProperties properties, Environment environment) {
            FluxSchnellSandbox.refuseRealToken(properties, environment); // before anything listens
            return FakeReplicateServer.start();
        }

        /** The client's way to the emulator, announced with one WARN line. */
        @Bean
        FluxSchnellSandbox fluxSchnellSandbox(FakeReplicateServer emulator, FluxSchnellProperties properties,
                                              Environment environment) {
            FluxSchnellSandbox.refuseRealToken(properties, environment);
            LOG.warn("SANDBOX (flux-schnell.sandbox=true): the client talks to the bundled Replicate emulator at {}, "
                    + "not to Replicate: nothing is billed and every image is a placeholder", emulator.baseUrl());
            return new FluxSchnellSandbox(emulator.baseUrl(), emulator::clientBuilder);
        }
    }

    /** The emulator is missing: the start fails, saying which dependency to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(EMULATOR)
    static class NoEmulator {
        /** Always fails: flux-schnell.sandbox=true without flux-schnell-sdk-testing. */
        @Bean
        FluxSchnellSandbox fluxSchnellSandbox() {
            throw new IllegalStateException("flux-schnell.sandbox=true needs the bundled emulator, which is not on "
                    + "the class path: add the dependency dev.fluxschnell:flux-schnell-sdk-testing (its version from "
                    + "flux-schnell-sdk-bom), or remove flux-schnell.sandbox");
        }
    }
}
