/**
 * A memory-mapped reader of the safetensors format (one file, or a sharded model through its index.json): tensors are
 * mapped one at a time and widened to F32 in Java where the native side cannot take them (BF16). Depends on
 * {@code error} only.
 */
package org.strokekg.llm.safetensors;
