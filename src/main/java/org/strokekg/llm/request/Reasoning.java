package org.strokekg.llm.request;

/** Generated text split into the chain of thought and the answer after it. */
public record Reasoning(String reasoning, String answer) {

    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";
    private static final String THINKING = "## Thinking";
    private static final String FINAL = "## Final Response";

    /**
     * Splits {@code text} at {@code </think>} when the reply opens with {@code <think>} (Qwen3, R1-style distillations)
     * or {@code startsInside} (the prompt opened the block). An unclosed block is all reasoning (generation stopped
     * while thinking). Only a block at the start counts, so a streamed reply can be sorted as it arrives.
     */
    static Reasoning thinkTags(String text, boolean startsInside) {
        String head = text.stripLeading();
        if (!startsInside && !head.startsWith(THINK_OPEN)) {
            return new Reasoning("", text.strip()); // a block that does not open the reply is part of the answer
        }
        int close = head.indexOf(THINK_CLOSE);
        if (close < 0) {
            return new Reasoning(strip(head, THINK_OPEN), "");
        }
        return new Reasoning(strip(head.substring(0, close), THINK_OPEN),
                head.substring(close + THINK_CLOSE.length()).strip());
    }

    /** Splits HuatuoGPT-o1's "## Thinking … ## Final Response …" format, falling back to think tags. */
    static Reasoning thinkingFinalResponse(String text) {
        int fin = text.indexOf(FINAL);
        if (fin >= 0) {
            return new Reasoning(strip(text.substring(0, fin).stripLeading(), THINKING),
                    text.substring(fin + FINAL.length()).strip());
        }
        if (text.stripLeading().startsWith(THINKING)) {
            return new Reasoning(strip(text.stripLeading(), THINKING), "");
        }
        return thinkTags(text, false);
    }

    private static String strip(String s, String prefix) {
        return (s.startsWith(prefix) ? s.substring(prefix.length()) : s).strip();
    }
}
