package org.strokekg.rag;

import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.error.InvalidInputException;

/**
 * The models an answer can be made with, by id: {@value AnswerService#EVIDENCE_MODEL} (sentences composed from the
 * evidence alone) always, plus language models — a local base and its adapters ({@code base}, {@code base:adapter}),
 * or a remote server's models. A request names one or gets the default.
 */
public final class ModelCatalog {

    private final Map<String, StreamingChatModel> models;
    private final String defaultId;

    private ModelCatalog(Map<String, StreamingChatModel> models, String defaultId) {
        this.models = models;
        this.defaultId = defaultId;
    }

    public static ModelCatalog evidenceOnly() {
        return new ModelCatalog(Map.of(), AnswerService.EVIDENCE_MODEL);
    }

    /** These models, the first the default unless {@code defaultId} names another. */
    public static ModelCatalog of(Map<String, StreamingChatModel> models, Optional<String> defaultId) {
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
        return new ModelCatalog(java.util.Collections.unmodifiableMap(copy), d);
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

    /** The model of this id; empty for {@value AnswerService#EVIDENCE_MODEL}; an unknown id is not found. */
    Optional<StreamingChatModel> model(String id) {
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
