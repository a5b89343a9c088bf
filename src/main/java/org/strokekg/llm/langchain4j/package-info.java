/**
 * The engine as LangChain4j sees it: {@code ChatModel} and {@code StreamingChatModel} over a served local model
 * (implemented through {@code doChat}, the reasoning of thinking models split from the answer as it streams), and
 * remote OpenAI-compatible servers as the same interfaces ({@link org.strokekg.llm.langchain4j.RemoteModels}).
 * Depends on {@code llm.generate}, {@code llm.request} and {@code error}.
 */
package org.strokekg.llm.langchain4j;
