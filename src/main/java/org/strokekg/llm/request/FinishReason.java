package org.strokekg.llm.request;

/** Why generation ended. */
public enum FinishReason {
    /** The model produced a stop token (end of turn, end of text, or one the request named). */
    STOP_TOKEN,
    /** The text reached one of the request's stop strings. */
    STOP_STRING,
    /** {@code maxNewTokens} were generated, or the context is full. */
    LENGTH,
    /** The request's {@link Cancellation} was set. */
    CANCELLED
}
