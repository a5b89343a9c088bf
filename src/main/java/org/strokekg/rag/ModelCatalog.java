package org.strokekg.rag;

import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.strokekg.error.InvalidInputException;

/**
 * The models an answer can be made with, by id: {@value AnswerService#EVIDENCE_MODEL} (sentences composed from the
 * evidence alone) always, plus language models — a local base and its adapters ({@code base}, {@code base:adapter}),
 * or a remote server's models. A request names one or gets the default.
 */
public final class ModelCatalog {

    /** A model's prompt budget when nothing better is known: Qwen's 8k context less room for the answer. */
    public static final int DEFAULT_PROMPT_TOKENS = 8192 - 1024;

    private final Map<String, StreamingChatModel> models;
    private final String defaultId;
    private final int retries;
    private final Map<String, Integer> promptTokens;
    private final Map<String, ToIntFunction<String>> tokenCounters;

    private ModelCatalog(Map<String, StreamingChatModel> models, String defaultId, int retries,
                         Map<String, Integer> promptTokens, Map<String, ToIntFunction<String>> tokenCounters) {
        this.models = models;
        this.defaultId = defaultId;
        this.retries = retries;
        this.promptTokens = Map.copyOf(promptTokens);
        this.tokenCounters = Map.copyOf(tokenCounters);
    }

    public static ModelCatalog evidenceOnly() {
        return new ModelCatalog(Map.of(), AnswerService.EVIDENCE_MODEL, 0, Map.of(), Map.of());
    }

    /** These models, the first the default unless {@code defaultId} names another. */
    public static ModelCatalog of(Map<String, StreamingChatModel> models, Optional<String> defaultId) {
        return of(models, defaultId, 0);
    }

    /**
     * This catalog with the prompt each model can take, in tokens (its context less its answer's room), and, where
     * known, its own tokenizer's count (a local model); other models are counted by a safe estimate.
     */
    public ModelCatalog withPrompts(Map<String, Integer> budgets, Map<String, ToIntFunction<String>> counters) {
        return new ModelCatalog(models, defaultId, retries, budgets, counters);
    }

    int promptTokens(String id) {
        return promptTokens.getOrDefault(id, DEFAULT_PROMPT_TOKENS);
    }

    ToIntFunction<String> tokenCounter(String id) {
        return tokenCounters.getOrDefault(id, PromptBuilder::estimateTokens);
    }

    /**
     * As {@link #of(Map, Optional)}; a request that fails before its first token is tried again up to {@code retries}
     * times (a remote server restarting, a dropped connection).
     */
    public static ModelCatalog of(Map<String, StreamingChatModel> models, Optional<String> defaultId, int retries) {
        if (models.isEmpty()) {
            return evidenceOnly();
        }
        Map<String, StreamingChatModel> copy = new LinkedHashMap<>(models);
        if (copy.containsKey(AnswerService.EVIDENCE_MODEL)) {
            throw new InvalidInputException("model", AnswerService.EVIDENCE_MODEL + " is reserved");
        }
        String d = defaultId.orElse(copy.keySet().iterator().next());
        if (!d.equals(AnswerService.EVIDENCE_MODEL) && !copy.containsKey(d)) {
            throw new InvalidInputException("default model", "no model '" + d + "'; models: " + copy.keySet());
        }
        return new ModelCatalog(java.util.Collections.unmodifiableMap(copy), d, retries, Map.of(), Map.of());
    }

    /** Every id, the default first, {@value AnswerService#EVIDENCE_MODEL} last unless it is the default. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        ids.add(defaultId);
        models.keySet().stream().filter(id -> !id.equals(defaultId)).forEach(ids::add);
        if (!defaultId.equals(AnswerService.EVIDENCE_MODEL)) {
            ids.add(AnswerService.EVIDENCE_MODEL);
        }
        return ids;
    }

    public String defaultId() {
        return defaultId;
    }

    int retries() {
        return retries;
    }

    /** The model of this id; empty for {@value AnswerService#EVIDENCE_MODEL}; an unknown id is not found. */
    public Optional<StreamingChatModel> model(String id) {
        if (id.equals(AnswerService.EVIDENCE_MODEL)) {
            return Optional.empty();
        }
        StreamingChatModel m = models.get(id);
        if (m == null) {
            throw new org.strokekg.error.NotFoundException("no model '" + id + "'; this server has " + ids());
        }
        return Optional.of(m);
    }
}
