package org.strokekg.rag;

import java.util.function.Consumer;

/**
 * Holds streamed model text until a clause ends, then converts it to the requested script: OpenCC converts phrases,
 * so a phrase split across two tokens would otherwise come out wrong.
 */
final class ClauseBuffer {

    private static final String BREAKS = "。！？，；：、\n.!?,;:";
    private static final int MAX_HELD = 48;

    private final ScriptView view;
    private final Consumer<String> sink;
    private final StringBuilder held = new StringBuilder();

    ClauseBuffer(ScriptView view, Consumer<String> sink) {
        this.view = view;
        this.sink = sink;
    }

    void accept(String delta) {
        held.append(delta);
        int cut = -1;
        for (int i = held.length() - 1; i >= 0; i--) {
            if (BREAKS.indexOf(held.charAt(i)) >= 0) {
                cut = i + 1;
                break;
            }
        }
        if (cut < 0 && held.length() >= MAX_HELD) {
            cut = held.length();
        }
        if (cut > 0) {
            sink.accept(view.text(held.substring(0, cut)));
            held.delete(0, cut);
        }
    }

    void flush() {
        if (!held.isEmpty()) {
            sink.accept(view.text(held.toString()));
            held.setLength(0);
        }
    }
}
