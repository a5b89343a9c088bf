package org.strokekg.server;

import java.util.List;
import java.util.Optional;
import org.strokekg.graph.Entity;

/** Finds entities by name or alias in either script (中風 finds 中风); the Lucene entity index implements it. */
@FunctionalInterface
public interface EntityFinder {

    List<Entity> find(String query, Optional<String> type, int limit);
}
