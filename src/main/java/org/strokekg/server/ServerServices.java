package org.strokekg.server;

import java.util.List;
import java.util.Objects;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Vocabulary;
import org.strokekg.ingest.Curation;
import org.strokekg.rag.AnswerService;

/** What the HTTP routes need, built by the composition root once the graph and the indexes are open. */
public record ServerServices(GraphQueries graph, EntityFinder finder, Vocabulary vocabulary, List<ApiKey> apiKeys,
                             Curation curation, AnswerService answers) {

    public ServerServices {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(finder, "finder");
        Objects.requireNonNull(vocabulary, "vocabulary");
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(curation, "curation");
        Objects.requireNonNull(answers, "answers");
    }
}
