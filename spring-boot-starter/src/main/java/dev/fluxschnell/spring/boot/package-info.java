/**
 * Spring Boot auto-configuration for the flux-schnell SDK: {@code flux-schnell.*} properties, the
 * {@link dev.fluxschnell.sdk.FluxSchnellClient} bean, storage, quota, shared limits on Redis, observations and health.
 */
package dev.fluxschnell.spring.boot;
