/**
 * Tokenizers: Hugging Face {@code tokenizer.json} through DJL's binding and Qwen v1's {@code qwen.tiktoken} in Java
 * (user and retrieved text encoded with special tokens as plain text), each token's bytes for decoding, and a UTF-8
 * stream that only ever yields whole characters. Depends on {@code error} only.
 */
package org.strokekg.llm.tokenizer;
