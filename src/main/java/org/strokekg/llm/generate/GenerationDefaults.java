package org.strokekg.llm.generate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.SamplingOptions;

/**
 * Generation defaults a manifest sets for a model id; each field left out falls back to the model's own
 * {@code generation_config.json} (and 512 new tokens). A request's own settings override both.
 */
public record GenerationDefaults(OptionalDouble temperature, OptionalDouble topP, OptionalInt topK,
        OptionalDouble repetitionPenalty, OptionalInt maxNewTokens) {

    public static GenerationDefaults none() {
        return new GenerationDefaults(OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(),
                OptionalDouble.empty(), OptionalInt.empty());
    }

    /** {@code other}'s fields where it has them, else these. */
    public GenerationDefaults overriddenBy(GenerationDefaults other) {
        return new GenerationDefaults(other.temperature.isPresent() ? other.temperature : temperature,
                other.topP.isPresent() ? other.topP : topP, other.topK.isPresent() ? other.topK : topK,
                other.repetitionPenalty.isPresent() ? other.repetitionPenalty : repetitionPenalty,
                other.maxNewTokens.isPresent() ? other.maxNewTokens : maxNewTokens);
    }

    /** The model's sampling with these fields put over it (validated). */
    public SamplingOptions applyTo(SamplingOptions model) {
        return new SamplingOptions(temperature.orElse(model.temperature()), topP.orElse(model.topP()),
                topK.orElse(model.topK()), repetitionPenalty.orElse(model.repetitionPenalty()), model.seed());
    }

    public static GenerationDefaults read(JsonNode g, String field) {
        if (g.isMissingNode() || g.isNull()) {
            return none();
        }
        GenerationDefaults d = new GenerationDefaults(dbl(g, "temperature"), dbl(g, "top_p"), integer(g, "top_k"),
                dbl(g, "repetition_penalty"), integer(g, "max_new_tokens"));
        try {
            d.applyTo(SamplingOptions.greedy()); // the same checks a request's settings get
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field + "." + e.field(), e.reason(), e);
        }
        if (d.maxNewTokens.isPresent() && (d.maxNewTokens.getAsInt() < 1
                || d.maxNewTokens.getAsInt() > GenerationRequest.MAX_NEW_TOKENS_LIMIT)) {
            throw new InvalidInputException(field + ".max_new_tokens", "must be between 1 and "
                    + GenerationRequest.MAX_NEW_TOKENS_LIMIT);
        }
        return d;
    }

    private static OptionalDouble dbl(JsonNode g, String name) {
        return g.hasNonNull(name) ? OptionalDouble.of(g.get(name).asDouble()) : OptionalDouble.empty();
    }

    private static OptionalInt integer(JsonNode g, String name) {
        return g.hasNonNull(name) ? OptionalInt.of(g.get(name).asInt()) : OptionalInt.empty();
    }
}
