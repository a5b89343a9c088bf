package org.strokekg.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;
import org.strokekg.llm.generate.LanguageModel;
import org.strokekg.llm.generate.ModelInfo;
import org.strokekg.llm.generate.SchedulerStats;
import org.strokekg.llm.generate.ServedModel;
import org.strokekg.llm.langchain4j.LocalQwenChatModel;
import org.strokekg.llm.langchain4j.LocalQwenStreamingChatModel;
import org.strokekg.llm.qwen.QwenRuntime;

/**
 * The models of a manifest, loaded: each base once (weights, tokenizer, unmerged adapters, one scheduler), served under
 * every id the manifest gives it ({@code base}, {@code base:adapter}). What {@code STROKEKG_LLM=local} runs on: the
 * server lists {@link #models()} on {@code GET /v1/models} and answers through {@link #chatModel} or
 * {@link #streamingChatModel} of the id a request names ({@link #defaultModelId()} when it names none).
 */
public final class ModelRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    private final List<LanguageModel> bases;
    private final Map<String, ServedModel> served;
    private final String defaultId;

    private ModelRegistry(List<LanguageModel> bases, Map<String, ServedModel> served, String defaultId) {
        this.bases = List.copyOf(bases);
        this.served = served;
        this.defaultId = defaultId;
    }

    /**
     * Reads {@code manifest} ({@code ${VAR}} from {@code variables}: the configuration's environment and settings),
     * hands the engine its process-wide settings (the start's one step, {@link EngineOptions#applyProcessWide}) and
     * loads the models with the engine's runtime options.
     */
    public static ModelRegistry load(Path manifest, Map<String, String> variables, EngineOptions engine) {
        engine.applyProcessWide();
        return load(ModelManifest.read(manifest, variables), engine.runtime());
    }

    /**
     * Loads every base whose folder exists (one whose folder is missing is left out with a warning, so a machine may
     * hold only some of the manifest's models); fails when none is left or any present one cannot be loaded. Decode
     * steps run with the runtime's defaults ({@link QwenRuntime.Options#DEFAULT}); the server passes its own.
     */
    public static ModelRegistry load(ModelManifest manifest) {
        return load(manifest, QwenRuntime.Options.DEFAULT);
    }

    private static ModelRegistry load(ModelManifest manifest, QwenRuntime.Options runtime) {
        List<LanguageModel> bases = new ArrayList<>();
        Map<String, ServedModel> served = new LinkedHashMap<>();
        try {
            for (ModelManifest.Entry e : manifest.models()) {
                if (!Files.isDirectory(e.spec().modelDir())) {
                    LOG.warn("Model {} left out: its folder {} does not exist", e.name(), e.spec().modelDir());
                    continue;
                }
                Map<String, Path> adapters = new LinkedHashMap<>();
                e.adapters().forEach(a -> adapters.put(a.name(), a.dir()));
                LanguageModel model = LanguageModel.load(e.spec(), adapters, e.batch(), runtime);
                bases.add(model);
                served.put(e.name(), model.serve(e.name(), Optional.empty(), e.spec().template(), e.generation()));
                for (ModelManifest.AdapterEntry a : e.adapters()) {
                    String id = e.name() + ":" + a.name();
                    served.put(id, model.serve(id, Optional.of(a.name()), a.template().orElse(e.spec().template()),
                            e.generation().overriddenBy(a.generation())));
                }
            }
            if (served.isEmpty()) {
                throw new InvalidInputException("models", "none of the manifest's model folders exists: "
                        + manifest.models().stream().map(m -> m.spec().modelDir().toString()).toList());
            }
            String defaultId = served.containsKey(manifest.defaultModel()) ? manifest.defaultModel()
                    : served.keySet().iterator().next();
            if (!defaultId.equals(manifest.defaultModel())) {
                LOG.warn("The default model {} is not loaded; requests naming no model go to {}",
                        manifest.defaultModel(), defaultId);
            }
            LOG.info("Serving {} (default {})", served.keySet(), defaultId);
            return new ModelRegistry(bases, served, defaultId);
        } catch (RuntimeException ex) {
            bases.forEach(LanguageModel::close);
            throw ex;
        }
    }

    /** Every id a request may name, in manifest order: each base, then its adapters. */
    public List<String> modelIds() {
        return List.copyOf(served.keySet());
    }

    /** The id for requests that name no model. */
    public String defaultModelId() {
        return defaultId;
    }

    /** What {@code GET /v1/models} lists: each id's family, device, adapter, context and template. */
    public List<ModelInfo> models() {
        return served.values().stream().map(ServedModel::info).toList();
    }

    /** What each base's scheduler is doing (requests running and waiting, KV cache held), by base model name. */
    public Map<String, SchedulerStats> stats() {
        Map<String, SchedulerStats> out = new LinkedHashMap<>();
        bases.forEach(b -> out.put(b.info().name(), b.stats()));
        return out;
    }

    public Optional<ServedModel> find(String id) {
        return Optional.ofNullable(served.get(id));
    }

    /** The id's model; a {@link NotFoundException} naming the known ids when there is none. */
    public ServedModel model(String id) {
        ServedModel m = served.get(id);
        if (m == null) {
            throw new NotFoundException("no model '" + id + "'; this server has " + String.join(", ",
                    served.keySet()));
        }
        return m;
    }

    /** LangChain4j's blocking chat model for the id (its adapter, template and defaults). */
    public ChatModel chatModel(String id) {
        return new LocalQwenChatModel(model(id));
    }

    /** LangChain4j's streaming chat model for the id; the reasoning comes as partial thinking. */
    public StreamingChatModel streamingChatModel(String id) {
        return new LocalQwenStreamingChatModel(model(id));
    }

    /**
     * A streaming chat model for every id, in manifest order: what an answer pipeline's model catalog takes, with
     * {@link #defaultModelId()} as its default.
     */
    public Map<String, StreamingChatModel> streamingChatModels() {
        Map<String, StreamingChatModel> out = new LinkedHashMap<>();
        served.keySet().forEach(id -> out.put(id, streamingChatModel(id)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Stops every scheduler (requests in flight fail with a retriable error) and frees every model. */
    @Override
    public void close() {
        bases.forEach(LanguageModel::close);
    }
}
