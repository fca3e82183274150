/**
 * The {@code flux} command-line tool: {@code generate} and {@code batch} (prompt files, estimate, budget, resume
 * manifest, gallery). Not published.
 */
package dev.fluxschnell.examples.cli;
