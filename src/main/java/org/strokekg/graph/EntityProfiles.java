package org.strokekg.graph;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entities as the duplicates report compares them: names, aliases, matching keys and how many relations hold them,
 * and for a few of them their neighbourhoods.
 */
public final class EntityProfiles {

    private static final String ALL = """
            MATCH (e:Entity)
            RETURN e.id AS id, e.type AS type, e.name AS name, coalesce(e.aliases, []) AS aliases,
                   coalesce(e.keys, []) AS keys, COUNT { (e)--(:Entity) } AS relations
            ORDER BY id
            """;

    private static final String NEIGHBOURS = """
            UNWIND $ids AS id
            MATCH (e:Entity {id: id})-[r]-(x:Entity)
            WHERE NOT type(r) IN $leaveOut
            RETURN id, collect(DISTINCT type(r) + CASE WHEN startNode(r) = e THEN '>' ELSE '<' END + x.id) AS n
            """;

    /** An entity's names and matching keys, and the number of relations between it and other entities. */
    public record Profile(String id, String type, String name, List<String> aliases, List<String> keys,
                          long relations) {
        public Profile {
            aliases = List.copyOf(aliases);
            keys = List.copyOf(keys);
        }
    }

    private final GraphStore store;

    public EntityProfiles(GraphStore store) {
        this.store = store;
    }

    public List<Profile> all() {
        return store.read(tx -> tx.run(ALL).list(r -> new Profile(r.get("id").asString(), r.get("type").asString(),
                r.get("name").asString(), Rows.strings(r.get("aliases")), Rows.strings(r.get("keys")),
                r.get("relations").asLong())));
    }

    /**
     * Each entity's neighbours as {@code TYPE>id} (it is the start) or {@code TYPE<id} (it is the end), leaving out the
     * relation types named (hubs such as departments say nothing about identity).
     */
    public Map<String, Set<String>> neighbours(Collection<String> ids, Set<String> leaveOut) {
        Map<String, Set<String>> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        store.read(tx -> {
            tx.run(NEIGHBOURS, Map.of("ids", List.copyOf(ids), "leaveOut", List.copyOf(leaveOut))).forEachRemaining(r ->
                    out.put(r.get("id").asString(), new LinkedHashSet<>(Rows.strings(r.get("n")))));
            return null;
        });
        return out;
    }
}
