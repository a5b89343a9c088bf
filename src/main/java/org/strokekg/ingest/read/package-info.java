/**
 * Reading what curators load: the formats ({@code IngestFormat}, sniffed by {@code FormatSniffer}), the records they
 * hold (triples, entities, aliases, passages), the streaming readers (CSV, TSV, JSONL, Markdown passages, the
 * 39.net alias column, the xywy crawl with its prose as passages) behind {@code IngestFile}, strict UTF-8 and line
 * limits ({@code IngestLimits}), and validation against the vocabulary with line numbers ({@code Validator},
 * {@code ValidationReport}). Reads; never writes the graph. Depends on {@code graph} (the vocabulary), {@code text} and
 * {@code error}.
 */
package org.strokekg.ingest.read;
