package org.strokekg.ingest.read;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One passage for the passage index: its id (unique in its file), title, text, source, the entities it is about (ids or
 * names, as written: the loader resolves them), an optional topic, its language ({@link #ZH} or {@link #EN}), for a
 * translation the id of the passage it translates, and, for a passage written for one group of patients, that group
 * (one of {@link #POPULATIONS}).
 */
public record PassageRow(String id, String title, String text, String source, List<String> entities, Optional<String> topic,
                         String lang, Optional<String> translationOf, Optional<String> population)
        implements IngestItem {

    /** The language of a passage that names none: the curated passages were written in Chinese. */
    public static final String ZH = "zh";
    public static final String EN = "en";
    /** The languages a passage may be written in. */
    public static final List<String> LANGS = List.of(ZH, EN);
    /**
     * The groups of patients a passage may be written for (pregnancy and after birth, children, young adults): such a
     * passage is quoted only for a question about that group.
     */
    public static final List<String> POPULATIONS = List.of("pregnancy", "child", "young-adult");

    public PassageRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        entities = List.copyOf(entities);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(translationOf, "translationOf");
        Objects.requireNonNull(population, "population");
    }

    /** A Chinese passage that translates nothing, for everyone. */
    public PassageRow(String id, String title, String text, String source, List<String> entities, Optional<String> topic) {
        this(id, title, text, source, entities, topic, ZH, Optional.empty(), Optional.empty());
    }
}
