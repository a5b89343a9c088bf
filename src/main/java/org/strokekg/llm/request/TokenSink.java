package org.strokekg.llm.request;

/**
 * Receives generated text as it is produced: always whole characters (never half of a multi-byte character), never
 * part of a stop string. Called in order on a thread of the request's own, never on the scheduler's: a slow sink delays
 * only its own text, and a sink that throws ends its own generation.
 */
@FunctionalInterface
public interface TokenSink {

    TokenSink NONE = text -> { };

    void onText(String text);
}
