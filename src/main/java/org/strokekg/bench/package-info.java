/**
 * The benchmarks behind {@code strokekg bench engine|gpu|ingest}, kept apart from the product as Lucene keeps
 * {@code lucene/benchmark}: the engine's CPU decode and prefill against the memory-bandwidth bound
 * ({@code EngineBenchmark}, with {@code FmaPeak} in {@code src/main/java22} because it needs the Vector API), the GPU
 * figures ({@code GpuBenchmark}, {@code OpCosts}), the scheduler's throughput at several concurrency levels
 * ({@code ConcurrencyBenchmark}) on random models of a given shape ({@code RandomWeights}), and the ingest floor:
 * Neo4j writing the same graph through its own Java API ({@code StoreFloor}). Not tests: their figures depend on the
 * machine. May depend on every other package; nothing depends on it except the CLI's bench commands.
 */
package org.strokekg.bench;
