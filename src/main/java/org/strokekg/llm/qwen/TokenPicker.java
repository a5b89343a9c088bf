package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;

/** Picks one row's next token from its logits (V, float32) where they are: only the id reaches the host. */
@FunctionalInterface
public interface TokenPicker {

    /** The next token; arrays it makes belong to the caller's NDScope (the step's). */
    int pick(NDArray logits);
}
