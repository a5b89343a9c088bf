/**
 * Tokenizers: Hugging Face {@code tokenizer.json} through DJL's binding (user and retrieved text encoded with special
 * tokens as plain text), each token's bytes for decoding, and a UTF-8 stream that only ever yields whole characters.
 * Depends on {@code error} only.
 */
package org.strokekg.llm.tokenizer;
