/**
 * Which entity a written name means: {@code Resolver} matches a name or alias, in either script and case-folded,
 * within the vocabulary's type groups, against the graph's names and a batch's new ones ({@code NameMatching} names
 * the literal baseline the benchmark measures it against), reporting each match as a {@code Resolution}; and the
 * duplicates report ({@code DuplicateFinder}), the entities that likely name one concept, for a curator to merge.
 * Depends on {@code graph}, {@code text}, {@code trust} and {@code error}.
 */
package org.strokekg.ingest.resolve;
