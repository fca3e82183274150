package dev.fluxschnell.spring.boot;

import dev.fluxschnell.sdk.FluxSchnellClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code fluxSchnell} health indicator, when Spring Boot's health support is on the classpath. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
class FluxSchnellHealthConfiguration {
    /** Nested, so that the health module's own condition is read only when that module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("flux-schnell")
    static class Indicator {
        /** Token, API and storage health from the client's own traffic (it sends nothing). */
        @Bean
        @ConditionalOnMissingBean(name = "fluxSchnellHealthIndicator")
        FluxSchnellHealthIndicator fluxSchnellHealthIndicator(FluxSchnellClient client, ClientActivity activity,
                                                              FluxSchnellProperties properties,
                                                              ModelSchemaStatus schemas) {
            return new FluxSchnellHealthIndicator(client, activity, properties.getHealth().getFailuresBeforeDown(),
                    schemas);
        }
    }
}
