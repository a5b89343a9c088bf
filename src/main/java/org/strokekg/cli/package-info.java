/**
 * The command line (picocli): serve, ingest, batches, export, stats, index, ask, eval, bench, generate, merge, review,
 * retract, duplicates.
 * Commands get their services from the composition root and call the same code the server does.
 */
package org.strokekg.cli;
