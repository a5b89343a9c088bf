package org.strokekg.llm;

import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.qwen.Forward;
import org.strokekg.llm.qwen.KvCache;
import org.strokekg.llm.qwen.QwenWeights;
import org.strokekg.llm.tokenizer.TextTokenizer;
import org.strokekg.llm.tokenizer.Utf8Stream;

/** The generation loop for one request: prefill, then sample, stream and step until a stop. */
final class Generation {

    private Generation() {
    }

    static GenerationResult run(QwenWeights weights, TextTokenizer tok, ChatTemplate template, int[] prompt,
            GenerationRequest req, TokenSink sink) {
        int context = weights.config().maxPositions();
        if (prompt.length == 0) {
            throw new InvalidInputException("prompt", "is empty");
        }
        if (prompt.length >= context) {
            throw new InvalidInputException("prompt", prompt.length + " tokens leave no room in the model's context of "
                    + context);
        }
        Set<Integer> stops = new HashSet<>(weights.config().eosTokenIds());
        stops.addAll(template.stopTokens(tok));
        stops.addAll(req.stopTokenIds());
        Sampler sampler = new Sampler(req.sampling());
        BitSet seen = new BitSet();
        for (int id : prompt) {
            seen.set(id);
        }
        Utf8Stream utf8 = new Utf8Stream();
        StopStrings text = new StopStrings(req.stopStrings());
        int[] out = new int[Math.min(req.maxNewTokens(), context - prompt.length)];
        int n = 0;
        FinishReason reason = FinishReason.LENGTH;
        long t0 = System.nanoTime();
        long t1;
        int steps = 0;
        try (KvCache cache = weights.newCache(prompt.length + out.length)) {
            float[] logits = req.cancellation().isCancelled() ? null : Forward.next(weights, cache, prompt);
            t1 = System.nanoTime();
            while (logits != null) {
                int token = sampler.next(logits, seen);
                if (stops.contains(token)) {
                    reason = FinishReason.STOP_TOKEN;
                    break;
                }
                out[n++] = token;
                seen.set(token);
                if (!tok.isSpecial(token)) { // control tokens stay out of the text, as skip_special_tokens does
                    emit(sink, text.append(utf8.push(tok.bytes(token))));
                }
                if (text.stopped()) {
                    reason = FinishReason.STOP_STRING;
                    break;
                }
                if (n == out.length) {
                    break;
                }
                if (req.cancellation().isCancelled()) {
                    reason = FinishReason.CANCELLED;
                    break;
                }
                logits = Forward.next(weights, cache, new int[] {token});
                steps++;
            }
        }
        if (n == 0 && req.cancellation().isCancelled()) {
            reason = FinishReason.CANCELLED; // cancelled before the prompt ran
        }
        long t2 = System.nanoTime();
        if (!text.stopped()) {
            emit(sink, text.append(utf8.flush()));
            emit(sink, text.finish());
        }
        String all = text.text();
        Reasoning r = template.split(all);
        int[] tokens = Arrays.copyOf(out, n);
        return new GenerationResult(all, r.reasoning(), r.answer(), tokens, prompt.length, reason,
                new GenerationResult.Timings(Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), steps));
    }

    private static void emit(TokenSink sink, String text) {
        if (!text.isEmpty()) {
            sink.onText(text);
        }
    }
}
