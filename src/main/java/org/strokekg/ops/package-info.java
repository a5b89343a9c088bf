/**
 * Operations: the process's logging (text or JSON lines, the request id on every line of a request, no question
 * text unless the operator opts in), the metrics registry and what it measures (Prometheus text through Micrometer),
 * and the options records the configuration fills for them. Depends on {@code llm} (scheduler counters) and
 * {@code error}; {@code server}, {@code cli} and the composition root depend on it.
 */
package org.strokekg.ops;
