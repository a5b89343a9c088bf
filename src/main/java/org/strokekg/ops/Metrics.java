package org.strokekg.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.strokekg.llm.generate.SchedulerStats;

/**
 * What the server measures, in one Micrometer registry scraped as Prometheus text ({@code GET /metrics}). Labels are
 * bounded and never carry a question, a key or a path with user text: requests are labelled by their route template
 * ({@code /api/v1/entities/{id}}), answers by stage and model, ingest by outcome.
 * <p>
 * Latencies are histograms with fixed buckets (5 ms to 60 s), so a Prometheus server computes any quantile over any
 * set of replicas with {@code histogram_quantile}; counters are monotonic ({@code rate()} gives per-second values).
 */
public final class Metrics {

    private static final Duration[] LATENCY = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60)};
    private static final double[] COUNTS = {1, 2, 3, 5, 8, 12, 20, 30, 50};
    private static final Duration[] BATCH = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(5)};
    private static final Set<String> EMERGENCY_LEVELS = Set.of("URGENT", "INFO");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, TokenRate> tokenRates = new ConcurrentHashMap<>();

    /** What one answer was: its model, stage timings (ms), evidence sizes and notice. */
    public record AnswerSample(String route, String model, double linkMs, double graphMs, double passagesMs,
                               double generateMs, double totalMs, int citations, int paths, int passages,
                               int entities, boolean abstained, String emergency) {
    }

    private Metrics() {
        EMERGENCY_LEVELS.forEach(level -> Counter.builder("strokekg.answer.emergency")
                .description("answers led by an emergency notice, by level").tag("level", level).register(registry));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A registry with the JVM's memory, GC, threads, classes, CPU and uptime bound. */
    public static Metrics create() {
        return new Metrics();
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** One HTTP request, by method, route template and status. */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder("strokekg.http.requests").description("HTTP requests by route template and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(LATENCY).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One answer: its stages' times, the evidence it cited, whether it abstained, any emergency notice. */
    public void answer(AnswerSample a) {
        Tags tags = Tags.of("route", a.route(), "model", a.model());
        stage(tags, "link", a.linkMs());
        stage(tags, "graph", a.graphMs());
        stage(tags, "passages", a.passagesMs());
        stage(tags, "generate", a.generateMs());
        stage(tags, "total", a.totalMs());
        evidence("citations", a.citations());
        evidence("paths", a.paths());
        evidence("passages", a.passages());
        evidence("entities", a.entities());
        Counter.builder("strokekg.answers").description("answers given").tags(tags).register(registry).increment();
        // counted as 0 too, so the series exists (and rates are 0) before the first abstention
        Counter.builder("strokekg.answer.abstentions").description("answers that found no evidence to cite")
                .tags(tags).register(registry).increment(a.abstained() ? 1 : 0);
        if (EMERGENCY_LEVELS.contains(a.emergency())) {
            Counter.builder("strokekg.answer.emergency").description("answers led by an emergency notice, by level")
                    .tag("level", a.emergency()).register(registry).increment();
        }
    }

    private void stage(Tags tags, String stage, double ms) {
        Timer.builder("strokekg.answer.stage").description("answer pipeline stages (the answer's timings)")
                .tags(tags).tag("stage", stage).serviceLevelObjectives(LATENCY).register(registry)
                .record(Math.round(ms * 1e6), TimeUnit.NANOSECONDS);
    }

    private void evidence(String kind, int n) {
        DistributionSummary.builder("strokekg.answer.evidence").description("evidence items per answer, by kind")
                .tag("kind", kind).serviceLevelObjectives(COUNTS).register(registry).record(n);
    }

    /** One curator load: its outcome, the rows (triples, entities, aliases, passages) it read, and how long it took. */
    public void ingest(String status, long rows, long nanos) {
        Counter.builder("strokekg.ingest.rows").description("rows read by curator loads, by outcome")
                .tag("status", status).register(registry).increment(rows);
        Timer.builder("strokekg.ingest.batch").description("curator loads, by outcome").tag("status", status)
                .serviceLevelObjectives(BATCH).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts an event with one bounded label, e.g. an undo or a merge. */
    public void count(String name, String description, String tag, String value) {
        Counter.builder(name).description(description).tag(tag, value).register(registry).increment();
    }

    /** A value read at each scrape. */
    public <T> void gauge(String name, String description, Tags tags, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).tags(tags).register(registry);
    }

    /**
     * The local engine's schedulers, per base model: requests waiting (queue depth) and running (the batch), the mean
     * batch since start, tokens generated (a counter) and tokens per second since the previous scrape, KV cache bytes.
     */
    public void models(Supplier<Map<String, SchedulerStats>> stats, Set<String> bases) {
        for (String base : bases) {
            Tags t = Tags.of("model", base);
            gauge("strokekg.model.queue", "requests waiting for a place in the batch", t, stats,
                    s -> of(s, base).map(SchedulerStats::waiting).orElse(0));
            gauge("strokekg.model.batch", "requests in the running batch", t, stats,
                    s -> of(s, base).map(SchedulerStats::running).orElse(0));
            gauge("strokekg.model.batch.mean", "mean batch size over every step since start", t, stats,
                    s -> of(s, base).map(SchedulerStats::meanBatch).orElse(0.0));
            gauge("strokekg.model.kv.cache", "bytes the running requests' KV caches hold", t, stats,
                    s -> of(s, base).map(SchedulerStats::kvCacheBytes).orElse(0L));
            FunctionCounter.builder("strokekg.model.tokens", stats,
                            s -> of(s, base).map(SchedulerStats::tokens).orElse(0L))
                    .description("tokens generated").tags(t).register(registry);
            TokenRate rate = tokenRates.computeIfAbsent(base, b -> new TokenRate());
            gauge("strokekg.model.tokens.per.second", "tokens generated per second since the previous scrape", t,
                    stats, s -> rate.next(of(s, base).map(SchedulerStats::tokens).orElse(0L), System.nanoTime()));
        }
    }

    private static java.util.Optional<SchedulerStats> of(Supplier<Map<String, SchedulerStats>> s, String base) {
        return java.util.Optional.ofNullable(s.get().get(base));
    }

    /** Tokens per second between two reads. */
    static final class TokenRate {
        private long tokens = -1;
        private long at;

        synchronized double next(long nowTokens, long nowNanos) {
            double rate = tokens < 0 || nowNanos == at ? 0 : (nowTokens - tokens) * 1e9 / (nowNanos - at);
            tokens = nowTokens;
            at = nowNanos;
            return rate;
        }
    }
}
