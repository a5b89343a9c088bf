package org.strokekg.llm.request;

import java.util.List;

/** What the model continues: ready token ids, raw text (no template), or a conversation the chat template frames. */
public sealed interface Prompt {

    /** Token ids used as they are. */
    record Tokens(int[] ids) implements Prompt {
        public Tokens {
            ids = ids.clone();
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }
    }

    /** Text continued as is; special-token strings in it stay plain text. */
    record Text(String text) implements Prompt {
    }

    /** A conversation rendered by the model's chat template, ending with the assistant's turn to speak. */
    record Chat(List<ChatMessage> messages) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("a chat prompt needs at least one message");
            }
        }
    }

    static Prompt chat(ChatMessage... messages) {
        return new Chat(List.of(messages));
    }

    static Prompt text(String text) {
        return new Text(text);
    }
}
