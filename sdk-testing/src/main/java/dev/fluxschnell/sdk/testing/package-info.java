/**
 * {@link dev.fluxschnell.sdk.testing.FakeReplicateServer}: a local emulator of the Replicate API for flux-schnell,
 * answering as api.replicate.com does, for your own tests. API (a test-scoped artifact).
 */
package dev.fluxschnell.sdk.testing;
