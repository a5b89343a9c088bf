/**
 * The command line (picocli): serve, ingest, batches, export, stats, index, ask, eval, bench, generate, merge, review,
 * retract, duplicates, audit. Commands get their services from the composition root and call the same code the server
 * does; a failed start exits with the status of its kind ({@code CliErrors}). The benchmark commands live in
 * {@code org.strokekg.bench}; {@code BenchCommand} (and {@code EngineMain}) list them under {@code strokekg bench}, so
 * the CLI depends on {@code bench} and nothing else does.
 */
package org.strokekg.cli;
