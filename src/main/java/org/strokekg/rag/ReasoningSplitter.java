package org.strokekg.rag;

import java.util.function.Consumer;

/**
 * Splits a streamed model output into reasoning and answer. Reasoning LoRAs write their chain of thought first, either
 * in {@code <think>…</think>} (Qwen3, DeepSeek-R1 distills) or under "## Thinking" before "## Final Response" (the
 * medical-o1 format); everything else is answer. Text is held back only while a marker could still be forming.
 */
final class ReasoningSplitter {

    private static final String[][] MARKERS = {{"<think>", "</think>"}, {"## Thinking", "## Final Response"}};
    private static final int DECIDE_AFTER = 24;

    private enum Mode { UNDECIDED, REASONING, ANSWER }

    private final Consumer<String> reasoning;
    private final Consumer<String> answer;
    private final StringBuilder pending = new StringBuilder();
    private Mode mode = Mode.UNDECIDED;
    private String close = "";

    ReasoningSplitter(Consumer<String> reasoning, Consumer<String> answer) {
        this.reasoning = reasoning;
        this.answer = answer;
    }

    void accept(String delta) {
        pending.append(delta);
        drain(false);
    }

    void finish() {
        drain(true);
    }

    private void drain(boolean last) {
        while (true) {
            switch (mode) {
                case UNDECIDED -> {
                    String head = pending.toString().stripLeading();
                    boolean decided = false;
                    for (String[] m : MARKERS) {
                        if (head.startsWith(m[0])) {
                            pending.setLength(0);
                            pending.append(head.substring(m[0].length()));
                            mode = Mode.REASONING;
                            close = m[1];
                            decided = true;
                            break;
                        }
                        if (m[0].startsWith(head) && !last) {
                            return; // could still become a marker
                        }
                    }
                    if (!decided) {
                        if (head.length() < DECIDE_AFTER && !last && startsLikeMarker(head)) {
                            return;
                        }
                        mode = Mode.ANSWER;
                    }
                }
                case REASONING -> {
                    int at = pending.indexOf(close);
                    if (at >= 0) {
                        emit(reasoning, pending.substring(0, at));
                        String rest = pending.substring(at + close.length());
                        pending.setLength(0);
                        pending.append(rest.stripLeading());
                        mode = Mode.ANSWER;
                        continue;
                    }
                    int keep = last ? 0 : Math.min(pending.length(), close.length() - 1);
                    emit(reasoning, pending.substring(0, pending.length() - keep));
                    pending.delete(0, pending.length() - keep);
                    return;
                }
                case ANSWER -> {
                    emit(answer, pending.toString());
                    pending.setLength(0);
                    return;
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private static boolean startsLikeMarker(String head) {
        return head.startsWith("<") || head.startsWith("#");
    }

    private static void emit(Consumer<String> sink, String text) {
        if (!text.isEmpty()) {
            sink.accept(text);
        }
    }
}
