/**
 * Example programs, each runnable with one command (against the bundled emulator when no token is set). Not
 * published.
 */
package dev.fluxschnell.examples;
