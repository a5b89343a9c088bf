package org.strokekg.llm.request;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.strokekg.error.InvalidInputException;

/**
 * One generation: the prompt, how to sample, how long, when to stop, and a flag to cancel it.
 *
 * @param stopTokenIds ids that end generation besides the model's own end-of-turn/end-of-text ids
 * @param stopStrings  texts that end generation; the text returned and streamed stops before them
 */
public record GenerationRequest(Prompt prompt, SamplingOptions sampling, int maxNewTokens, Set<Integer> stopTokenIds,
        List<String> stopStrings, Cancellation cancellation) {

    public static final int MAX_NEW_TOKENS_LIMIT = 1 << 20;

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(cancellation, "cancellation");
        if (maxNewTokens < 1 || maxNewTokens > MAX_NEW_TOKENS_LIMIT) {
            throw new InvalidInputException("max_new_tokens", "must be between 1 and " + MAX_NEW_TOKENS_LIMIT);
        }
        stopTokenIds = Set.copyOf(stopTokenIds);
        stopStrings = List.copyOf(stopStrings);
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new InvalidInputException("stop", "stop strings must not be empty");
        }
    }

    public static Builder builder(Prompt prompt) {
        return new Builder(prompt);
    }

    /** Defaults: greedy, 256 new tokens, no extra stops, never cancelled. */
    public static final class Builder {
        private final Prompt prompt;
        private SamplingOptions sampling = SamplingOptions.greedy();
        private int maxNewTokens = 256;
        private final Set<Integer> stopTokenIds = new LinkedHashSet<>();
        private final List<String> stopStrings = new ArrayList<>();
        private Cancellation cancellation = new Cancellation();

        private Builder(Prompt prompt) {
            this.prompt = prompt;
        }

        public Builder sampling(SamplingOptions value) {
            this.sampling = value;
            return this;
        }

        public Builder maxNewTokens(int value) {
            this.maxNewTokens = value;
            return this;
        }

        public Builder stopTokenId(int id) {
            stopTokenIds.add(id);
            return this;
        }

        public Builder stopStrings(List<String> values) {
            stopStrings.addAll(values);
            return this;
        }

        public Builder cancellation(Cancellation value) {
            this.cancellation = value;
            return this;
        }

        public GenerationRequest build() {
            return new GenerationRequest(prompt, sampling, maxNewTokens, stopTokenIds, stopStrings, cancellation);
        }
    }
}
