/**
 * What a caller asks of a model and gets back, independent of how it is run: the prompt (token ids, plain text or chat
 * messages), the chat templates that render messages into tokens and split a reply's reasoning from its answer, the
 * sampling options, the request with its cancellation, the token sink it streams to, and the result with its finish
 * reason and timings. Depends on {@code llm.tokenizer} and {@code error} only.
 */
package org.strokekg.llm.request;
