package org.strokekg.server;

import java.util.List;
import java.util.Objects;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Vocabulary;
import org.strokekg.ingest.Curation;
import org.strokekg.rag.AnswerService;

/**
 * What the HTTP routes need, built by the composition root once the graph and the indexes are open.
 * {@code plainChatCompletions}: {@code /v1/chat/completions} passes the messages to the model without retrieval
 * ({@code STROKEKG_CHAT_COMPLETIONS=model}), so this server can be another's remote model server. {@code uploadDir}:
 * where multipart uploads are spooled, one directory per request, inside the data directory. {@code operations}:
 * backup, export and duplicates for operators and the command line.
 */
public record ServerServices(GraphQueries graph, EntityFinder finder, Vocabulary vocabulary, List<ApiKey> apiKeys,
                             Curation curation, AnswerService answers, boolean plainChatCompletions,
                             java.nio.file.Path uploadDir, Operations operations) {

    public ServerServices {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(finder, "finder");
        Objects.requireNonNull(vocabulary, "vocabulary");
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(curation, "curation");
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(uploadDir, "uploadDir");
        Objects.requireNonNull(operations, "operations");
    }
}
