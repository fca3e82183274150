/**
 * Benchmarks: the end-to-end comparison with the official JS client on the emulator, and JMH. Not published.
 */
package dev.fluxschnell.bench;
