/**
 * The command line (picocli): serve, ingest, batches, export, stats, index, ask, eval, bench, generate, merge, review,
 * retract, duplicates, audit. Commands get their services from the composition root and call the same code the server
 * does; a failed start exits with the status of its kind ({@code CliErrors}). The benchmarks ({@code Bench*}, among
 * them {@code bench kill} and {@code bench soak}) live here until they move to a module of their own.
 */
package org.strokekg.cli;
