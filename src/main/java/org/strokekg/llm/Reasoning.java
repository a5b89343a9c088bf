package org.strokekg.llm;

/** Generated text split into the chain of thought and the answer after it. */
public record Reasoning(String reasoning, String answer) {

    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";
    private static final String THINKING = "## Thinking";
    private static final String FINAL = "## Final Response";

    /**
     * Splits {@code text} at {@code </think>} (Qwen3, R1-style distillations); when {@code startsInside} the prompt
     * already opened the thinking block. Without a closing tag the text is all reasoning if a block was opened (the
     * generation stopped while thinking), else all answer.
     */
    static Reasoning thinkTags(String text, boolean startsInside) {
        int close = text.indexOf(THINK_CLOSE);
        String head = text.stripLeading();
        boolean opened = startsInside || head.startsWith(THINK_OPEN);
        if (close < 0) {
            return opened ? new Reasoning(strip(head, THINK_OPEN), "") : new Reasoning("", text.strip());
        }
        String before = text.substring(0, close).stripLeading();
        return new Reasoning(strip(before, THINK_OPEN), text.substring(close + THINK_CLOSE.length()).strip());
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
