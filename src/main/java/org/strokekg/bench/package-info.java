/**
 * The benchmarks behind {@code strokekg bench ingest|answer|engine|gpu|kill|soak}, kept apart from the product as
 * Lucene keeps {@code lucene/benchmark}: the picocli commands themselves ({@code Bench*Command}, listed by the CLI's
 * {@code BenchCommand}) and what they measure with. Ingest speed through the curators' path
 * ({@code BenchIngestCommand}) against the floor of Neo4j writing the same graph through its own Java API
 * ({@code StoreFloor}); answer-API latency over HTTP ({@code BenchAnswerCommand}); crash safety under kill -9
 * ({@code BenchKillCommand}, checked by {@code BenchKillCheck}) and a soak of mixed reads, answers and writes
 * ({@code BenchSoakCommand}); the engine's CPU decode and prefill against the memory-bandwidth bound
 * ({@code EngineBenchmark}, with {@code FmaPeak} in {@code src/main/java22} because it needs the Vector API), the GPU
 * figures ({@code GpuBenchmark}, {@code OpCosts}), the scheduler's throughput at several concurrency levels
 * ({@code ConcurrencyBenchmark}) on random models of a given shape ({@code RandomWeights}). Not tests: their figures
 * depend on the machine. May depend on every package but {@code cli}; only {@code cli} depends on it.
 */
package org.strokekg.bench;
