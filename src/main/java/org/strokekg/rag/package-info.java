/**
 * The answer pipeline: link, retrieve graph evidence and passages, keep what the request's trust level lets the answer
 * state ({@code TrustGate}), number the evidence, generate (a model through LangChain4j, or an evidence-grounded
 * composition when none is configured), convert the script, check citations, lead with the emergency notice.
 * Depends on {@code graph}, {@code search}, {@code llm}, {@code text}, {@code trust} and {@code error}.
 */
package org.strokekg.rag;
