/**
 * The HTTP server (Javalin): every route registered in one place, handlers that take their services in the constructor,
 * curator auth and its brake on failed authentications, request bodies bounded as they stream, RFC 9457 problem JSON for
 * every error (Jetty's own included), SSE, the OpenAI-compatible endpoints, the static web explorer and the OpenAPI document.
 * Depends on {@code rag}, {@code ingest}, {@code graph}, {@code search}, {@code llm}, {@code text} and {@code error}; domain code never sees a Javalin Context.
 */
package org.strokekg.server;
