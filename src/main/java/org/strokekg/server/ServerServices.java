package org.strokekg.server;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Vocabulary;
import org.strokekg.ingest.Curation;
import org.strokekg.rag.AnswerService;
import org.strokekg.search.PassageIndex;

/**
 * What the HTTP routes need, built by the composition root once the graph and the indexes are open.
 * {@code plainChatCompletions}: {@code /v1/chat/completions} passes the messages to the model without retrieval
 * ({@code STROKEKG_CHAT_COMPLETIONS=model}), so this server can be another's remote model server. {@code vectors}: how
 * far the passages' vectors are (a bulk load's follow in the background), for the stats. {@code uploadDir}: where
 * multipart uploads are spooled, one directory per request, inside the data directory. {@code operations}: backup,
 * export and duplicates for operators and the command line.
 */
public record ServerServices(GraphQueries graph, EntityFinder finder, Vocabulary vocabulary, List<ApiKey> apiKeys,
                             Curation curation, AnswerService answers, boolean plainChatCompletions,
                             Supplier<PassageIndex.VectorProgress> vectors, java.nio.file.Path uploadDir,
                             Operations operations) {

    public ServerServices {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(finder, "finder");
        Objects.requireNonNull(vocabulary, "vocabulary");
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(curation, "curation");
        Objects.requireNonNull(answers, "answers");
        Objects.requireNonNull(vectors, "vectors");
        Objects.requireNonNull(uploadDir, "uploadDir");
        Objects.requireNonNull(operations, "operations");
    }
}
