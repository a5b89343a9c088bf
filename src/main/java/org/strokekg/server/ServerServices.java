package org.strokekg.server;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.strokekg.graph.GraphQueries;
import org.strokekg.ingest.Curation;
import org.strokekg.rag.AnswerService;

/** What the HTTP routes need, built by the composition root once the graph and the indexes are open. */
public record ServerServices(GraphQueries graph, EntityFinder finder, Set<String> types, Set<String> predicates,
                             List<ApiKey> apiKeys, Curation curation, AnswerService answers) {

    public ServerServices {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(finder, "finder");
        types = Set.copyOf(types);
        predicates = Set.copyOf(predicates);
        apiKeys = List.copyOf(apiKeys);
        Objects.requireNonNull(curation, "curation");
        Objects.requireNonNull(answers, "answers");
    }
}
