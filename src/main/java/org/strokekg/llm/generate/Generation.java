package org.strokekg.llm.generate;

import ai.djl.ndarray.NDArray;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.request.ChatTemplate;
import org.strokekg.llm.request.FinishReason;
import org.strokekg.llm.request.GenerationRequest;
import org.strokekg.llm.request.GenerationResult;
import org.strokekg.llm.request.Reasoning;
import org.strokekg.llm.request.TokenSink;
import org.strokekg.llm.tokenizer.TextTokenizer;
import org.strokekg.llm.tokenizer.Utf8Stream;

/**
 * One request's generation state, driven a step at a time by the {@link Scheduler}: the prompt still to run, how the
 * next token is picked, the output so far, the text streamed (whole characters, never part of a stop string) and why
 * it stopped. Touched by the scheduler's thread only.
 */
final class Generation {

    private final TextTokenizer tok;
    private final ChatTemplate template;
    private final int[] prompt;
    private final GenerationRequest request;
    private final Set<Integer> stops = new HashSet<>();
    private final Sampler sampler;
    private final DeviceSampler deviceSampler; // the same rules where the logits are: on a GPU only the id comes back
    private final BitSet seen = new BitSet();
    private final Utf8Stream utf8 = new Utf8Stream();
    private final StopStrings text;
    private final TokenSink sink;
    private final int[] out;
    private final long submitted = System.nanoTime();
    private int n;
    private int prefilled;
    private FinishReason reason = FinishReason.LENGTH;
    private long started;
    private long firstToken;
    private int steps;

    /** Checks the prompt against the model's context; nothing runs until the scheduler admits it. */
    Generation(TextTokenizer tok, ChatTemplate template, int[] prompt, GenerationRequest request, Set<Integer> eos,
            int context, int vocab, TokenSink sink) {
        if (prompt.length == 0) {
            throw new InvalidInputException("prompt", "is empty");
        }
        if (prompt.length >= context) {
            throw new InvalidInputException("prompt", prompt.length + " tokens leave no room in the model's context of "
                    + context);
        }
        for (int id : prompt) {
            if (id < 0 || id >= vocab) {
                throw new InvalidInputException("prompt", "token id " + id + " is outside the model's vocabulary");
            }
            seen.set(id);
        }
        this.tok = tok;
        this.template = template;
        this.prompt = prompt.clone();
        this.request = request;
        this.sink = sink;
        this.sampler = new Sampler(request.sampling());
        this.deviceSampler = new DeviceSampler(request.sampling());
        this.text = new StopStrings(request.stopStrings());
        this.out = new int[Math.min(request.maxNewTokens(), context - prompt.length)];
        stops.addAll(eos);
        stops.addAll(template.stopTokens(tok));
        stops.addAll(request.stopTokenIds());
    }

    /** Positions the request may use: the prompt and every new token. */
    int capacity() {
        return prompt.length + out.length;
    }

    boolean isCancelled() {
        return request.cancellation().isCancelled();
    }

    /** True while prompt tokens remain to run. */
    boolean prefilling() {
        return prefilled < prompt.length;
    }

    /** The next prompt tokens to run, at most {@code max}; {@link #prefilled} records them once their step ran. */
    int[] promptChunk(int max) {
        if (started == 0) {
            started = System.nanoTime();
        }
        return Arrays.copyOfRange(prompt, prefilled, Math.min(prompt.length, prefilled + max));
    }

    /** Whether running {@code chunk} more prompt tokens finishes the prompt (so that step yields the first token). */
    boolean finishesPrompt(int chunk) {
        return prefilled + chunk >= prompt.length;
    }

    /** Records that {@code count} more prompt tokens are in the cache. */
    void prefilled(int count) {
        prefilled += count;
    }

    /** The token the next decode step feeds: the last one generated. */
    int lastToken() {
        return out[n - 1];
    }

    /** Whether picking the next token needs the whole logit row (sampling, repetition penalty) or only the argmax. */
    boolean needsLogits() {
        return !request.sampling().isGreedy() || request.sampling().repetitionPenalty() != 1.0;
    }

    /** Picks the next token from this step's logits (V, float32) on their device; then {@code accept} takes it. */
    int pickOnDevice(NDArray logits) {
        return deviceSampler.next(logits, seen);
    }

    /**
     * Takes one step's result for this request: picks the token ({@code logits} when {@link #needsLogits()}, else the
     * step's argmax), streams its text and returns whether generation goes on.
     */
    boolean accept(int argmax, float[] logits) {
        if (n == 0) {
            firstToken = System.nanoTime();
        } else {
            steps++;
        }
        int token = logits != null ? sampler.next(logits, seen) : argmax;
        if (stops.contains(token)) {
            reason = FinishReason.STOP_TOKEN;
            return false;
        }
        out[n++] = token;
        seen.set(token);
        if (!tok.isSpecial(token)) { // control tokens stay out of the text, as skip_special_tokens does
            emit(text.append(utf8.push(tok.bytes(token))));
        }
        if (text.stopped()) {
            reason = FinishReason.STOP_STRING;
            return false;
        }
        return n < out.length;
    }

    /** Ends the generation: flushes the held-back text (unless a stop string cut it) and builds the result. */
    GenerationResult finish(boolean cancelled) {
        long end = System.nanoTime();
        if (cancelled) {
            reason = FinishReason.CANCELLED;
        }
        if (!text.stopped()) {
            emit(text.append(utf8.flush()));
            emit(text.finish());
        }
        String all = text.text();
        Reasoning r = template.split(all);
        long prefillEnd = firstToken != 0 ? firstToken : end;
        long start = started != 0 ? started : end;
        GenerationResult.Timings timings = new GenerationResult.Timings(Duration.ofNanos(prefillEnd - start),
                Duration.ofNanos(end - prefillEnd), steps, Duration.ofNanos(start - submitted));
        return new GenerationResult(all, r.reasoning(), r.answer(), Arrays.copyOf(out, n), prompt.length, reason,
                timings);
    }

    private void emit(String s) {
        if (!s.isEmpty()) {
            sink.onText(s);
        }
    }
}
