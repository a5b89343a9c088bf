package org.strokekg;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import org.strokekg.graph.BatchStamp;
import org.strokekg.graph.BatchStore;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Vocabulary;
import org.strokekg.ingest.Curation;
import org.strokekg.ingest.LoadResult;
import org.strokekg.ingest.Seed;
import org.strokekg.graph.GraphPassword;
import org.strokekg.graph.GraphServer;
import org.strokekg.error.StartupException;
import org.strokekg.error.StrokeKgException;
import java.nio.file.Files;
import org.strokekg.graph.GraphStore;
import org.strokekg.graph.TrustLevels;
import org.strokekg.server.Readiness;
import org.strokekg.server.ServerServices;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.strokekg.graph.GraphExport;
import org.strokekg.search.Embeddings;
import org.strokekg.search.EntityIndex;
import org.strokekg.search.PassageIndex;
import org.strokekg.search.Retrieval;
import org.strokekg.search.StrokeAnalyzer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.strokekg.rag.AnswerService;
import org.strokekg.rag.ModelCatalog;
import org.strokekg.llm.ModelRegistry;
import org.strokekg.llm.langchain4j.RemoteModels;
import org.strokekg.text.EmergencyDetector;
import org.strokekg.text.ScriptChoice;
import org.strokekg.text.ScriptConverter;
import io.micrometer.core.instrument.Tags;
import org.strokekg.ops.MdcExecutor;
import org.strokekg.ops.Metrics;

/**
 * The composition root: builds every service from the configuration, in dependency order, and closes what it opened
 * in reverse order. Nothing else constructs infrastructure.
 */
public final class StrokeKg implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StrokeKg.class);

    private final Config config;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final GraphStore store;
    private final GraphQueries graph;
    private final Vocabulary vocabulary;
    private final Optional<GraphPassword> graphPassword;
    private final Optional<GraphServer> graphServer;
    private final Curation curation;
    private final EntityIndex entityIndex;
    private final PassageIndex passageIndex;
    private final SearchSync searchSync;
    private final AnswerService answers;
    private Optional<ModelRegistry> modelRegistry = Optional.empty();

    private StrokeKg(Config config, Readiness readiness) {
        this.config = config;
        long t0 = System.nanoTime();
        try {
            own(DataDir.hold(config.dataDir()));
            DataDir.clear(uploadDir());
            // what the configuration names is checked before the graph starts (seconds, not the graph's tens)
            this.vocabulary = startup(StartupException.Kind.CONFIG, () -> Vocabulary.load(config.vocabularyExtensions()));
            checkModelsFile(config.llm());
            Optional<GraphServer> server = Optional.empty();
            if (config.embedded()) {
                readiness.stage("starting embedded Neo4j");
                server = Optional.of(own(GraphServer.start(new GraphServer.Options(config.dataDir(), "127.0.0.1",
                        config.boltPort(), config.pageCacheBytes()))));
            }
            this.graphPassword = server.map(GraphServer::password);
            this.graphServer = server;
            var uri = server.map(GraphServer::boltUri).orElseGet(() -> config.neo4jUri().orElseThrow());
            readiness.stage("connecting to Neo4j at " + uri);
            GraphStore.Connection connection = server.map(s -> new GraphStore.Connection(s.boltUri(),
                    s.password().user(), s.password().password(), config.neo4jDatabase()))
                    .orElseGet(() -> new GraphStore.Connection(uri, config.neo4jUser(), config.neo4jPassword(),
                            config.neo4jDatabase()));
            this.store = own(startup(StartupException.Kind.GRAPH, () -> GraphStore.connect(connection)));
            readiness.stage("applying the graph schema");
            store.applySchema();
            new TrustLevels(store).migrate();
            this.graph = new GraphQueries(store);
            readiness.stage("opening the search indexes");
            StrokeAnalyzer analyzer = new StrokeAnalyzer();
            Path indexDir = config.dataDir().resolve("index");
            this.entityIndex = own(EntityIndex.open(indexDir.resolve("entities"), analyzer));
            if (!config.llm().mode().equals("local")) {
                quietDjlCudaProbe();
            }
            this.passageIndex = own(PassageIndex.open(indexDir.resolve("passages"), analyzer, Embeddings.bgeSmallZh()));
            this.searchSync = new SearchSync(graph, new GraphExport(store), entityIndex, passageIndex,
                    () -> BatchStamp.current(store));
            this.curation = new Curation(new BatchStore(store), vocabulary, searchSync, Clock.systemUTC());
            if (!searchSync.inStep()) {
                // the graph changed without this data dir's indexes (a crash between the graph's commit and theirs,
                // another replica, a CLI run against the server)
                readiness.stage("rebuilding the search indexes from the graph");
                searchSync.rebuild();
            }
            if (config.loadSeed() && graph.stats().batches() == 0) {
                readiness.stage("loading the curated seed graph and passages");
                for (LoadResult r : Seed.load(curation)) {
                    log.info("seed batch {} {}: {}", r.batchId(), r.status(), r.counts());
                }
            }
            readiness.stage("preparing the answer pipeline");
            // the pipeline's parallel retrieval logs with its request's id
            ExecutorService retrieval = own(MdcExecutor.wrap(Executors.newVirtualThreadPerTaskExecutor()));
            ModelCatalog models = models(config.llm(), readiness);
            this.answers = new AnswerService(graph, new Retrieval(entityIndex, passageIndex), new ScriptConverter(),
                    new EmergencyDetector(), ScriptChoice.parse("STROKEKG_OUTPUT_SCRIPT", config.outputScript()),
                    models, retrieval, config.answerMinTrust());
            log.info("StrokeKG open in {} ms: data {}, graph {}", (System.nanoTime() - t0) / 1_000_000, config.dataDir(),
                    store.uri());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The embedding model loads DJL's tokenizers library, and DJL chooses that library's build by asking the CUDA
     * runtime how many GPUs there are ({@code ai.djl.util.Platform}); where a CUDA runtime is installed without a
     * working driver, that probe warns "Failed to detect GPU count" on every start, though DJL's PyTorch engine never
     * starts without a local model and the tokenizers build is the CPU one either way. Without a local model nothing
     * else asks DJL about GPUs, so its CUDA probe logs errors only. With one the warning stays: there it says why the
     * engine runs on the CPU.
     */
    private static void quietDjlCudaProbe() {
        org.strokekg.ops.Logs.quiet("ai.djl.util.cuda.CudaUtils");
    }

    /** Opens everything; {@code readiness} hears each stage so /health/ready can say what is happening. */
    public static StrokeKg open(Config config, Readiness readiness) {
        return new StrokeKg(config, readiness);
    }

    /** Runs a start-up step; a failure of StrokeKG's own that is not yet classified becomes one of {@code kind}. */
    private static <T> T startup(StartupException.Kind kind, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (StartupException e) {
            throw e;
        } catch (StrokeKgException e) {
            throw new StartupException(kind, e.getMessage(), e);
        }
    }

    /** A local model manifest that is not there is found now, not after the graph and the indexes have opened. */
    private static void checkModelsFile(Config.Llm llm) {
        if (llm.mode().equals("local") && !Files.isReadable(llm.modelsFile())) {
            throw new StartupException(StartupException.Kind.CONFIG, "STROKEKG_MODELS: cannot read "
                    + llm.modelsFile().toAbsolutePath() + " (STROKEKG_LLM=local needs the models' manifest)");
        }
    }

    /** The embedded graph's credential (user neo4j and the data directory's password file); empty with NEO4J_URI. */
    public Optional<GraphPassword> graphPassword() {
        return graphPassword;
    }

    public Config config() {
        return config;
    }

    public GraphStore store() {
        return store;
    }

    public GraphQueries graph() {
        return graph;
    }

    public Curation curation() {
        return curation;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** What the HTTP routes need. */
    public ServerServices serverServices() {
        return new ServerServices(graph, this::findEntities, vocabulary, config.apiKeys(), curation, answers,
                config.llm().chatCompletions().equals("model"), passageIndex::vectorProgress, uploadDir(),
                new KnowledgeOperations(this));
    }

    /** Where uploads are spooled; what a killed server left there is removed when the data directory is opened. */
    private Path uploadDir() {
        return config.dataDir().resolve("tmp").resolve("uploads");
    }

    /** The models answers may be made with, from {@code STROKEKG_LLM}; a local registry is owned and closed here. */
    private ModelCatalog models(Config.Llm llm, Readiness readiness) {
        return switch (llm.mode()) {
            case "local" -> {
                readiness.stage("loading the local models of " + llm.modelsFile());
                ModelRegistry registry = own(ModelRegistry.load(llm.modelsFile(), config.env(), llm.engine()));
                this.modelRegistry = Optional.of(registry);
                Map<String, Integer> budgets = new HashMap<>();
                Map<String, java.util.function.ToIntFunction<String>> counters = new HashMap<>();
                for (String id : registry.modelIds()) {
                    var served = registry.model(id);
                    // the prompt may take the context less the answer's room and the chat template's framing
                    budgets.put(id, Math.max(0, served.info().contextLength() - served.defaultMaxNewTokens() - 32));
                    counters.put(id, text -> served.tokenizer().encode(text).length);
                }
                yield ModelCatalog.of(registry.streamingChatModels(), Optional.of(registry.defaultModelId()))
                        .withPrompts(budgets, counters);
            }
            case "openai" -> {
                String url = llm.baseUrl().orElseThrow();
                readiness.stage("connecting to the model server at " + url);
                var remote = RemoteModels.connect(url, llm.apiKey(), llm.models(),
                        java.time.Duration.ofSeconds(llm.timeoutSeconds()));
                Map<String, Integer> budgets = new HashMap<>();
                remote.keySet().forEach(id -> budgets.put(id, llm.promptTokens()));
                yield ModelCatalog.of(remote, Optional.empty(), llm.retries()).withPrompts(budgets, Map.of());
            }
            default -> ModelCatalog.evidenceOnly();
        };
    }

    /** Search-box look-up: the entity index ranks (exact, prefix, contains, fuzzy), the graph supplies the entities. */
    private List<org.strokekg.graph.Entity> findEntities(String q, Optional<String> type, int limit) {
        List<String> ids = entityIndex.search(q, type, limit).stream().map(h -> h.entity().id()).toList();
        Map<String, org.strokekg.graph.Entity> byId = new HashMap<>();
        graph.entities(ids).forEach(e -> byId.put(e.id(), e));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** The local models, when {@code STROKEKG_LLM=local}. */
    public Optional<ModelRegistry> modelRegistry() {
        return modelRegistry;
    }

    public AnswerService answers() {
        return answers;
    }

    public EntityIndex entityIndex() {
        return entityIndex;
    }

    public PassageIndex passageIndex() {
        return passageIndex;
    }

    /**
     * Registers what only the open services can tell: the indexes' backlog (what the graph holds that an index does
     * not yet), the embedded page cache, and the local models' schedulers.
     */
    public void bindMetrics(Metrics metrics) {
        metrics.gauge("strokekg.index.documents", "documents in a search index", Tags.of("index", "entities"),
                entityIndex, EntityIndex::count);
        metrics.gauge("strokekg.index.documents", "documents in a search index", Tags.of("index", "passages"),
                passageIndex, PassageIndex::count);
        metrics.gauge("strokekg.index.backlog", "graph items a search index does not hold yet",
                Tags.of("index", "entities"), this, kg -> Math.max(0, kg.graph.stats().entities() - kg.entityIndex.count()));
        metrics.gauge("strokekg.index.backlog", "graph items a search index does not hold yet",
                Tags.of("index", "passages"), this, kg -> Math.max(0, kg.graph.stats().passages() - kg.passageIndex.count()));
        graphServer.ifPresent(server -> {
            metrics.gauge("strokekg.neo4j.pagecache.bytes", "the embedded graph's page cache", Tags.of("kind", "total"),
                    server, s -> s.pageCache().map(GraphServer.PageCacheUse::totalBytes).orElse(0L));
            metrics.gauge("strokekg.neo4j.pagecache.bytes", "the embedded graph's page cache", Tags.of("kind", "used"),
                    server, s -> s.pageCache().map(GraphServer.PageCacheUse::usedBytes).orElse(0L));
        });
        modelRegistry.ifPresent(r -> metrics.models(r::stats, r.stats().keySet()));
    }

    /** Rebuilds the Lucene indexes from the graph ({@code strokekg index}). */
    public void rebuildIndexes() {
        searchSync.rebuild();
    }

    private <T extends AutoCloseable> T own(T resource) {
        opened.push(resource);
        return resource;
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            AutoCloseable r = opened.pop();
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed", r.getClass().getSimpleName(), e);
            }
        }
    }

    static List<String> describe(Config c) {
        return List.of("data " + c.dataDir().toAbsolutePath(), "graph " + c.neo4jUri().map(Object::toString)
                .orElse("embedded, Bolt on 127.0.0.1:" + c.boltPort()));
    }
}
