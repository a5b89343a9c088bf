package org.strokekg.server;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.strokekg.graph.NodeType;
import org.strokekg.graph.Predicate;
import org.strokekg.graph.Vocabulary;
import java.util.Optional;
import java.util.Set;
import org.strokekg.error.InvalidInputException;
import org.strokekg.error.NotFoundException;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.GraphPath;
import org.strokekg.search.PassageIndex;
import org.strokekg.trust.Trust;

/** The read API over the graph: stats, entity search and detail, neighbourhoods, paths (trust filter on the last two). */
final class GraphHandlers {

    private final GraphQueries graph;
    private final EntityFinder finder;
    private final Set<String> types;
    private final Set<String> predicates;
    private final Object vocabulary;
    private final Supplier<PassageIndex.VectorProgress> vectors;

    GraphHandlers(GraphQueries graph, EntityFinder finder, Vocabulary vocabulary,
                  Supplier<PassageIndex.VectorProgress> vectors) {
        this.graph = graph;
        this.vectors = vectors;
        this.finder = finder;
        this.types = vocabulary.types().stream().map(NodeType::name).collect(Collectors.toUnmodifiableSet());
        this.predicates = vocabulary.predicates().stream().map(Predicate::name).collect(Collectors.toUnmodifiableSet());
        this.vocabulary = Map.of("types", vocabulary.types(), "predicates", vocabulary.predicates());
    }

    /** The vocabulary: node types and relationship types with their labels, domain and range. */
    void schema(Context ctx) {
        ctx.json(vocabulary);
    }

    /** The graph's counts (by type and by trust level, retracted apart) and how far the passages' vectors are. */
    void stats(Context ctx) {
        Map<String, Object> out = new LinkedHashMap<>(Json.mapper().convertValue(graph.stats(),
                new TypeReference<Map<String, Object>>() { }));
        PassageIndex.VectorProgress v = vectors.get();
        out.put("vectors", Map.of("passages", v.passages(), "withVectors", v.withVectors(), "done", v.done()));
        ctx.json(out);
    }

    void search(Context ctx) {
        String q = Params.required(ctx, "q");
        Optional<String> type = Params.string(ctx, "type");
        type.ifPresent(t -> {
            if (!types.contains(t)) {
                throw new InvalidInputException("type", "unknown type '" + t + "'");
            }
        });
        int limit = Params.integer(ctx, "limit", 20, 1, 100);
        ctx.json(new SearchResult(q, finder.find(q, type, limit)));
    }

    record SearchResult(String q, List<Entity> entities) {
    }

    void entity(Context ctx) {
        String id = Params.pathId(ctx, "id");
        ctx.json(graph.entity(id).orElseThrow(() -> new NotFoundException("no entity " + id)));
    }

    void neighbours(Context ctx) {
        String id = Params.pathId(ctx, "id");
        int depth = Params.integer(ctx, "depth", 1, 1, 2);
        Set<String> rels = Params.set(ctx, "rel", predicates);
        Set<String> nodeTypes = Params.set(ctx, "type", types);
        int limit = Params.integer(ctx, "limit", 50, 1, GraphQueries.MAX_LIMIT);
        ctx.json(graph.neighbours(id, depth, rels, nodeTypes, limit, minTrust(ctx))
                .orElseThrow(() -> new NotFoundException("no entity " + id)));
    }

    void paths(Context ctx) {
        String from = Params.required(ctx, "from");
        String to = Params.required(ctx, "to");
        int maxLength = Params.integer(ctx, "maxLength", 3, 1, GraphQueries.MAX_PATH_LENGTH);
        int limit = Params.integer(ctx, "limit", 5, 1, 50);
        Set<String> rels = Params.set(ctx, "rel", predicates);
        if (graph.entity(from).isEmpty()) {
            throw new NotFoundException("no entity " + from + " (parameter from)");
        }
        if (graph.entity(to).isEmpty()) {
            throw new NotFoundException("no entity " + to + " (parameter to)");
        }
        if (from.equals(to)) {
            throw new InvalidInputException("to", "must differ from 'from'");
        }
        List<GraphPath> paths = graph.paths(from, to, maxLength, limit, rels, minTrust(ctx));
        ctx.json(new PathsResult(from, to, maxLength, paths));
    }

    record PathsResult(String from, String to, int maxLength, List<GraphPath> paths) {
    }

    /** {@code ?minTrust=}: only relations of at least this level (default: all). */
    private static Trust minTrust(Context ctx) {
        return Params.string(ctx, "minTrust").map(t -> Trust.of(t).orElseThrow(() -> new InvalidInputException(
                "minTrust", "must be one of " + Trust.ids() + ", got \"" + t + "\""))).orElse(Trust.UNREVIEWED);
    }
}
