package org.strokekg.llm.generate;

import java.util.Objects;
import java.util.Optional;
import org.strokekg.llm.request.ChatTemplate;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Prompt;
import org.strokekg.llm.request.SamplingOptions;
import org.strokekg.llm.request.TokenSink;
import org.strokekg.llm.tokenizer.TextTokenizer;

/**
 * One model id a client may name ({@code GET /v1/models}, the {@code model} field): a loaded base, or the base with one
 * of its unmerged adapters ({@code base:adapter}, as vLLM's LoRA serving names them), with the chat template and
 * generation defaults its fine-tune expects. Many ids share one base's weights and scheduler. Thread-safe.
 */
public final class ServedModel {

    static final int DEFAULT_MAX_NEW_TOKENS = 512;

    private final String id;
    private final LanguageModel model;
    private final Optional<String> adapter;
    private final ChatTemplate template;
    private final SamplingOptions sampling;
    private final int maxNewTokens;
    private final ModelInfo info;

    ServedModel(String id, LanguageModel model, Optional<String> adapter, ChatTemplate template,
            SamplingOptions sampling, int maxNewTokens) {
        this.id = Objects.requireNonNull(id, "id");
        this.model = model;
        this.adapter = adapter;
        this.template = template;
        this.sampling = sampling;
        this.maxNewTokens = maxNewTokens;
        ModelInfo base = model.info();
        this.info = new ModelInfo(id, base.family(), base.device(), base.dtype(), base.parameters(),
                base.weightBytes(), adapter.or(base::adapter), base.contextLength(), template);
    }

    public String id() {
        return id;
    }

    /** The adapter this id runs through, unmerged (empty for the base, or a base with an adapter merged at load). */
    public Optional<String> adapter() {
        return adapter;
    }

    /** Name (the id), family, device, dtype, size, adapter, context and template. */
    public ModelInfo info() {
        return info;
    }

    public ChatTemplate template() {
        return template;
    }

    /** Sampling for requests that give none: the manifest's, else the model's generation_config.json. */
    public SamplingOptions defaultSampling() {
        return sampling;
    }

    /** Reply length for requests that give none. */
    public int defaultMaxNewTokens() {
        return maxNewTokens;
    }

    public TextTokenizer tokenizer() {
        return model.tokenizer();
    }

    /** The loaded base this id runs on. */
    public LanguageModel model() {
        return model;
    }

    /** The prompt's ids under this id's template. */
    public int[] promptTokens(Prompt prompt) {
        return model.promptTokens(prompt, template);
    }

    /** Generates and waits; see {@link #start}. */
    public GenerationResult generate(GenerationRequest request, TokenSink sink) {
        return start(request, sink).await();
    }

    /** Starts a generation in the base's scheduler through this id's adapter and template; returns at once. */
    public GenerationHandle start(GenerationRequest request, TokenSink sink) {
        return model.start(template, adapter, request, sink);
    }

    @Override
    public String toString() {
        return id;
    }
}
