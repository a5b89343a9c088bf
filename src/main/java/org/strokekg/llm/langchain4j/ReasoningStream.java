package org.strokekg.llm.langchain4j;

import java.util.List;
import org.strokekg.llm.request.ChatTemplate;

/**
 * Sorts streamed reply text into reasoning and answer as it arrives, the way {@link ChatTemplate#split} sorts the
 * whole reply: text that could still turn into a marker ({@code <think>}, {@code </think>}, "## Final Response") is
 * held back until it cannot. Whitespace right after a marker is dropped. One per generation.
 */
public final class ReasoningStream {

    /** Receives the classified pieces. */
    public interface Listener {
        void reasoning(String text);

        void answer(String text);
    }

    private enum State { START, REASONING, ANSWER }

    private final List<String> openers;
    private final List<String> closers;
    private final StringBuilder pending = new StringBuilder();
    private State state;
    private boolean trimLeading = true;

    public ReasoningStream(ChatTemplate template) {
        switch (template) {
            case CHATML -> {
                openers = List.of("<think>");
                closers = List.of("</think>");
                state = State.START;
            }
            case MEDICAL_O1 -> {
                openers = List.of("<think>", "## Thinking");
                closers = List.of("</think>", "## Final Response");
                state = State.START;
            }
            default -> {
                openers = List.of();
                closers = List.of("</think>");
                state = State.REASONING; // the prompt opened the thinking block
            }
        }
    }

    public void append(String piece, Listener out) {
        pending.append(piece);
        while (true) {
            switch (state) {
                case START -> {
                    String s = pending.toString().stripLeading();
                    if (s.isEmpty()) {
                        return;
                    }
                    String opener = openers.stream().filter(s::startsWith).findFirst().orElse(null);
                    if (opener != null) {
                        reset(s.substring(opener.length()), State.REASONING);
                        continue;
                    }
                    if (openers.stream().anyMatch(o -> o.startsWith(s))) {
                        return; // may still become an opener
                    }
                    reset(s, State.ANSWER);
                }
                case REASONING -> {
                    int cut = -1;
                    String closer = null;
                    for (String c : closers) {
                        int at = pending.indexOf(c);
                        if (at >= 0 && (cut < 0 || at < cut)) {
                            cut = at;
                            closer = c;
                        }
                    }
                    if (cut >= 0) {
                        emit(pending.substring(0, cut), out, true);
                        reset(pending.substring(cut + closer.length()), State.ANSWER);
                        continue;
                    }
                    int hold = heldBack();
                    emit(pending.substring(0, pending.length() - hold), out, true);
                    pending.delete(0, pending.length() - hold);
                    return;
                }
                case ANSWER -> {
                    emit(pending.toString(), out, false);
                    pending.setLength(0);
                    return;
                }
            }
        }
    }

    /** Flushes what is held back at the end of generation. */
    public void finish(Listener out) {
        emit(pending.toString(), out, state == State.REASONING);
        pending.setLength(0);
    }

    private void reset(String rest, State next) {
        pending.setLength(0);
        pending.append(rest);
        state = next;
        trimLeading = true;
    }

    private int heldBack() {
        int longest = closers.stream().mapToInt(String::length).max().orElse(0);
        for (int k = Math.min(longest - 1, pending.length()); k > 0; k--) {
            String tail = pending.substring(pending.length() - k);
            if (closers.stream().anyMatch(c -> c.startsWith(tail))) {
                return k;
            }
        }
        return 0;
    }

    private void emit(String text, Listener out, boolean reasoning) {
        String t = trimLeading ? text.stripLeading() : text;
        if (t.isEmpty()) {
            return;
        }
        trimLeading = false;
        if (reasoning) {
            out.reasoning(t);
        } else {
            out.answer(t);
        }
    }
}
