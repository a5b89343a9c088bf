package org.strokekg.llm;

/**
 * Receives generated text as it is produced: always whole characters (never half of a multi-byte character), never
 * part of a stop string. Called on the generating thread; a slow sink slows generation.
 */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = text -> { };

    void onText(String text);
}
