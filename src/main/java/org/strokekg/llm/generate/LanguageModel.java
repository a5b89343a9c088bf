package org.strokekg.llm.generate;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.cuda.CudaUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;
import org.strokekg.error.RetriableException;
import org.strokekg.llm.lora.LoraAdapter;
import org.strokekg.llm.qwen.CudaGraphs;
import org.strokekg.llm.qwen.LoraWeights;
import org.strokekg.llm.qwen.QwenRuntime;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.request.ChatTemplate;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;
import org.strokekg.llm.request.TokenSink;
import org.strokekg.llm.tokenizer.TextTokenizer;

/**
 * A Qwen model loaded in process on DJL's PyTorch engine, with its tokenizer, chat template, unmerged adapters and the
 * scheduler that runs its generations: the engine's entry point. The weights are immutable and shared; {@link #generate}
 * and {@link #start} may be called from many threads at once, and the requests in flight are decoded together in
 * batched steps, each with its own KV cache and, where it names one, its own adapter.
 */
public final class LanguageModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LanguageModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QwenWeights weights;
    private final QwenRuntime runtime;
    private final TextTokenizer tokenizer;
    private final ModelSpec spec;
    private final ModelInfo info;
    private final SamplingOptions defaults;
    private final Map<String, LoraWeights> adapters;
    private final Scheduler scheduler;
    private final Set<Integer> eos;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LanguageModel(QwenWeights weights, QwenRuntime runtime, TextTokenizer tokenizer, ModelSpec spec,
            SamplingOptions defaults, Map<String, LoraWeights> adapters, SchedulerOptions options) {
        this.weights = weights;
        this.runtime = runtime;
        this.tokenizer = tokenizer;
        this.spec = spec;
        this.defaults = defaults;
        this.adapters = Collections.unmodifiableMap(new LinkedHashMap<>(adapters));
        this.eos = Set.copyOf(weights.config().eosTokenIds());
        this.info = new ModelInfo(spec.modelDir().getFileName().toString(), weights.config().family().modelType(),
                weights.device().toString(), weights.dtype().toString().toLowerCase(Locale.ROOT),
                weights.parameterCount(), weights.weightBytes(), weights.adapterName(),
                weights.config().maxPositions(), spec.template());
        this.scheduler = new Scheduler(runtime, options, info.name());
    }

    /**
     * A model made in memory rather than loaded from a folder (e.g. random weights of a shape no checkpoint holds),
     * named {@code name}, greedy by default, with the ChatML template: it takes over {@code weights},
     * {@code tokenizer} and the unmerged {@code adapters} (built for these weights) and closes them with itself.
     */
    public static LanguageModel of(String name, QwenWeights weights, TextTokenizer tokenizer,
            Map<String, LoraWeights> adapters, SchedulerOptions options, QwenRuntime.Options runtime) {
        QwenRuntime rt = new QwenRuntime(weights, runtime);
        return new LanguageModel(weights, rt, tokenizer, ModelSpec.of(Path.of(name)).withDevice(DevicePreference.CPU),
                SamplingOptions.greedy(), adapters, options);
    }

    /** Loads the model folder (and merges the adapter), on the GPU in FP16 when there is one, else on the CPU in FP32. */
    public static LanguageModel load(ModelSpec spec) {
        return load(spec, Map.of(), SchedulerOptions.defaults());
    }

    /** {@link #load(ModelSpec, Map, SchedulerOptions, QwenRuntime.Options)} with the runtime's defaults. */
    public static LanguageModel load(ModelSpec spec, Map<String, Path> adapters, SchedulerOptions options) {
        return load(spec, adapters, options, QwenRuntime.Options.DEFAULT);
    }

    /**
     * Loads the model folder with {@code adapters} (name to PEFT folder) kept beside the base, unmerged, so each
     * request may choose one ({@link #start(GenerationRequest, TokenSink, Optional)}). An adapter merged at load
     * ({@link ModelSpec#adapterDir()}) and unmerged ones do not go together: their deltas are all relative to the
     * original base.
     */
    public static LanguageModel load(ModelSpec spec, Map<String, Path> adapters, SchedulerOptions options,
            QwenRuntime.Options runtimeOptions) {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(spec.modelDir())) {
            throw new InvalidInputException("model", spec.modelDir() + " is not a folder");
        }
        if (spec.adapterDir().isPresent() && !adapters.isEmpty()) {
            throw new InvalidInputException("adapters", "an adapter merged at load and unmerged adapters cannot be "
                    + "combined on one base");
        }
        Device device = device(spec.device());
        DataType dtype = device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        TextTokenizer tokenizer = TextTokenizer.load(spec.modelDir());
        QwenWeights weights = null;
        QwenRuntime runtime = null;
        Map<String, LoraWeights> loaded = new LinkedHashMap<>();
        try {
            Optional<LoraAdapter> merged = spec.adapterDir().map(LoraAdapter::open);
            try {
                weights = QwenWeights.load(spec.modelDir(), merged, device, dtype);
            } finally {
                merged.ifPresent(LoraAdapter::close); // merged: its file is no longer needed
            }
            runtime = new QwenRuntime(weights, runtimeOptions);
            for (Map.Entry<String, Path> a : adapters.entrySet()) {
                try (LoraAdapter adapter = LoraAdapter.open(a.getValue())) {
                    loaded.put(a.getKey(), LoraWeights.load(weights, adapter));
                }
            }
            LanguageModel model = new LanguageModel(weights, runtime, tokenizer, spec,
                    generationDefaults(spec.modelDir()), loaded, options);
            ModelInfo i = model.info;
            LOG.info("Loaded {} ({}) on {} as {}: {} parameters, {} MiB of weights, adapter {}, unmerged adapters {}, "
                            + "template {}, context {}, batch {}; loaded in {} ms, memory used: {}", i.name(),
                    i.family(), i.device(), i.dtype(), String.format("%,d", i.parameters()),
                    String.format("%.1f", i.weightBytes() / 1048576.0), i.adapter().orElse("none"),
                    loaded.isEmpty() ? "none" : loaded.keySet(), i.template().manifestName(), i.contextLength(),
                    options.maxBatch(), (System.nanoTime() - t0) / 1_000_000, memoryUsed(device));
            return model;
        } catch (RuntimeException e) {
            loaded.values().forEach(LoraWeights::close);
            if (runtime != null) {
                runtime.close();
            }
            if (weights != null) {
                weights.close();
            }
            tokenizer.close();
            throw e;
        }
    }

    static Device device(DevicePreference preference) {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        return switch (preference) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new InvalidInputException("device", "GPU requested, but DJL's PyTorch engine finds none");
                }
                yield Device.gpu();
            }
        };
    }

    /** The sampling the model's generation_config.json asks for (greedy when it has none or says do_sample=false). */
    private static SamplingOptions generationDefaults(Path dir) {
        Path file = dir.resolve("generation_config.json");
        if (!Files.isRegularFile(file)) {
            return SamplingOptions.greedy();
        }
        try {
            JsonNode g = JSON.readTree(file.toFile());
            if (!g.path("do_sample").asBoolean(false)) {
                return SamplingOptions.greedy().withRepetitionPenalty(g.path("repetition_penalty").asDouble(1.0));
            }
            return new SamplingOptions(g.path("temperature").asDouble(1.0), g.path("top_p").asDouble(1.0),
                    g.path("top_k").asInt(0), g.path("repetition_penalty").asDouble(1.0), OptionalLong.empty());
        } catch (IOException e) {
            throw new InvalidInputException("generation_config.json", "not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Generates for {@code request} on the base (or merged) model with its own template, streaming whole characters to
     * {@code sink}; returns when it stops. Runs in the scheduler's batch with every other request in flight.
     */
    public GenerationResult generate(GenerationRequest request, TokenSink sink) {
        return start(request, sink, Optional.empty()).await();
    }

    /**
     * Starts {@code request} through the unmerged {@code adapter} (empty: the base) and returns at once. The sink is
     * called on a thread of the request's own, in order; the handle's result completes after its last text.
     */
    public GenerationHandle start(GenerationRequest request, TokenSink sink, Optional<String> adapter) {
        return start(spec.template(), adapter, request, sink);
    }

    GenerationHandle start(ChatTemplate template, Optional<String> adapter, GenerationRequest request, TokenSink sink) {
        return startAll(template, List.of(adapter), List.of(request), sink).get(0);
    }

    /**
     * Starts {@code requests} at once, request i through the unmerged adapter {@code adapters.get(i)} (empty: the
     * base), so that they join the batch in the same step as far as it has room (a set of prompts run side by side,
     * as an evaluation or a throughput measurement runs them); one sink for all, called on each request's own thread.
     */
    public List<GenerationHandle> startAll(List<GenerationRequest> requests, List<Optional<String>> adapters,
            TokenSink sink) {
        if (adapters.size() != requests.size()) {
            throw new IllegalArgumentException(requests.size() + " requests but " + adapters.size() + " adapters");
        }
        return startAll(spec.template(), adapters, requests, sink);
    }

    private List<GenerationHandle> startAll(ChatTemplate template, List<Optional<String>> adapterNames,
            List<GenerationRequest> requests, TokenSink sink) {
        if (closed.get()) {
            throw new RetriableException("model " + info.name() + " is closed");
        }
        List<Optional<LoraWeights>> loras = new ArrayList<>();
        for (Optional<String> adapter : adapterNames) {
            loras.add(adapter.map(name -> {
                LoraWeights a = adapters.get(name);
                if (a == null) {
                    throw new NotFoundException("model " + info.name() + " has no adapter '" + name + "' (it has: "
                            + (adapters.isEmpty() ? "none" : String.join(", ", adapters.keySet())) + ")");
                }
                return a;
            }));
        }
        List<Scheduler.Entry> entries = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        try {
            for (int i = 0; i < requests.size(); i++) {
                GenerationRequest request = requests.get(i);
                Delivery delivery = new Delivery(sink);
                deliveries.add(delivery);
                entries.add(new Scheduler.Entry(new Generation(tokenizer, template, promptTokens(request.prompt(),
                        template), request, eos, weights.config().maxPositions(), weights.config().vocabSize(),
                        delivery), loras.get(i), delivery));
            }
            List<CompletableFuture<GenerationResult>> futures = scheduler.submit(entries);
            List<GenerationHandle> handles = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                handles.add(new GenerationHandle(futures.get(i), requests.get(i).cancellation()));
            }
            return handles;
        } catch (RuntimeException e) {
            deliveries.forEach(d -> d.end(() -> { }));
            throw e;
        }
    }

    /** The prompt's token ids: as given, plain-text encoded, or rendered by the chat template. */
    public int[] promptTokens(Prompt prompt) {
        return promptTokens(prompt, spec.template());
    }

    int[] promptTokens(Prompt prompt, ChatTemplate template) {
        return switch (prompt) {
            case Prompt.Tokens t -> t.ids();
            case Prompt.Text t -> tokenizer.encode(t.text());
            case Prompt.Chat c -> template.render(c.messages(), tokenizer);
        };
    }

    /**
     * The model as a client names it: {@code id}, through {@code adapter} (empty: the base), with its own chat
     * template and generation defaults (fields left out: this model's generation_config.json; 512 new tokens).
     */
    public ServedModel serve(String id, Optional<String> adapter, ChatTemplate template, GenerationDefaults generation) {
        adapter.ifPresent(a -> {
            if (!adapters.containsKey(a)) {
                throw new NotFoundException("model " + info.name() + " has no adapter '" + a + "'");
            }
        });
        return new ServedModel(id, this, adapter, template, generation.applyTo(defaults),
                generation.maxNewTokens().orElse(ServedModel.DEFAULT_MAX_NEW_TOKENS));
    }

    /** This model under its folder name, base (or merged) weights, its spec's template and its generation defaults. */
    public ServedModel served() {
        return serve(info.name(), Optional.empty(), spec.template(), GenerationDefaults.none());
    }

    /** The unmerged adapters a request may name, in the order they were loaded. */
    public Set<String> adapters() {
        return adapters.keySet();
    }

    /** This model's CUDA graph counters (all zero where its decode steps run op by op). */
    public CudaGraphs.Stats graphStats() {
        return runtime.graphStats();
    }

    /** Requests generating now. */
    public int running() {
        return scheduler.running();
    }

    /** Requests waiting for a place in the batch. */
    public int waiting() {
        return scheduler.waiting();
    }

    /** The scheduler's counters: requests in flight and waiting, steps run, rows over all steps. */
    public SchedulerStats stats() {
        return scheduler.stats();
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public ModelInfo info() {
        return info;
    }

    /** The sampling settings of the model's generation_config.json, for requests that give none. */
    public SamplingOptions defaultSampling() {
        return defaults;
    }

    public ChatTemplate template() {
        return spec.template();
    }

    private static String memoryUsed(Device device) {
        String process = "process resident " + residentMiB() + " MiB";
        if (!device.isGpu()) {
            return process;
        }
        try {
            return process + ", GPU " + (CudaUtils.getGpuMemory(device).getUsed() >> 20) + " MiB";
        } catch (RuntimeException e) {
            return process;
        }
    }

    /** Resident memory of this process, from /proc (0 where there is none). */
    static long residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no /proc/self/status: {}", e.toString());
        }
        return 0;
    }

    /** Stops the scheduler (requests still in flight fail with a retriable error), then frees the native memory. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // reverse order of creation: the scheduler, the adapters, the runtime, then the weights they all read
        scheduler.close();
        adapters.values().forEach(LoraWeights::close);
        runtime.close();
        weights.close();
        tokenizer.close();
    }
}
