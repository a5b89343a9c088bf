/**
 * The answer pipeline, stage by stage: the frame (what a question asks, about what, for whom: {@code FrameReader}),
 * the evidence selected for it (graph facts in the aspect's direction, cautions for the patient, passage sentences
 * with their subject: {@code EvidenceStage}), kept to what the request's trust level lets the answer state
 * ({@code TrustGate}), the answer (composed for the aspect, or a model given the same evidence through LangChain4j),
 * then post-processing (the script, citation check, the emergency notice where it fits).
 * Depends on {@code graph}, {@code search}, {@code llm}, {@code text}, {@code trust} and {@code error}.
 */
package org.strokekg.rag;
