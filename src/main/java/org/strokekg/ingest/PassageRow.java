package org.strokekg.ingest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One passage for the passage index: its id (unique in its file), title, text, source, the entities it is about (ids or
 * names, as written: the loader resolves them) and an optional topic.
 */
public record PassageRow(String id, String title, String text, String source, List<String> entities, Optional<String> topic)
        implements IngestItem {

    public PassageRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        entities = List.copyOf(entities);
        Objects.requireNonNull(topic, "topic");
    }
}
