/**
 * Measuring answers: the public question sets read from {@code ../shared/data} (never copied into the repo), the
 * key-entity recall of an answer's evidence counted on the evidence's own text against a plain BM25 retriever given
 * the same number of characters, option key terms for exam items, citation coverage and abstentions; the fixed
 * clinical-review sample and the files reviewers read. It only observes the answer pipeline: it calls
 * {@code AnswerService} as an app would and never changes how answers are made.
 * Depends on {@code rag}, {@code search}, {@code graph}, {@code text} and {@code error}.
 */
package org.strokekg.eval;
