package org.strokekg.search;

import java.util.List;
import java.util.Objects;
import org.strokekg.trust.Trust;

/**
 * A passage of the knowledge base: curated text, a curator's upload or a bulk item.
 *
 * @param title may be empty
 * @param source where the text comes from (a citation a reader can follow)
 * @param entityIds the graph entities the passage is about: the graph-aware boost rewards passages whose ids
 *                  intersect the question's linked entities
 * @param batchId the ingest batch that loaded it ("" for none): {@link PassageIndex#deleteByBatch} undoes a batch
 * @param topic a coarse label such as "warning-signs" or "rehabilitation" ("" for none)
 * @param lang the language the passage is written in: {@code zh} or {@code en}
 * @param translationOf the id of the passage this one translates ("" for none): an English passage names its Chinese
 *                      original, so an answer can cite the version in the question's language
 * @param population the group of patients it is written for ({@code pregnancy}, {@code child}, {@code young-adult}; ""
 *                   for everyone, or not said: a crawled passage, one stored before passages had the field)
 * @param trust how far it is trusted: answers state it only at or above the request's minimum level
 */
public record PassageDoc(String id, String title, String text, String source, List<String> entityIds, String batchId,
                         String topic, String lang, String translationOf, String population, Trust trust) {

    /** The language of a passage that names none. */
    public static final String ZH = "zh";
    public static final String EN = "en";

    public PassageDoc {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        entityIds = List.copyOf(entityIds);
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(topic, "topic");
        lang = lang == null || lang.isBlank() ? ZH : lang;
        Objects.requireNonNull(translationOf, "translationOf");
        Objects.requireNonNull(population, "population");
        Objects.requireNonNull(trust, "trust");
        if (id.isBlank() || text.isBlank()) {
            throw new IllegalArgumentException("a passage needs an id and text: " + id);
        }
    }

    /** A passage for everyone at the given trust. */
    public PassageDoc(String id, String title, String text, String source, List<String> entityIds, String batchId,
                      String topic, String lang, String translationOf, Trust trust) {
        this(id, title, text, source, entityIds, batchId, topic, lang, translationOf, "", trust);
    }

    /** A Chinese passage that translates nothing, at the given trust. */
    public PassageDoc(String id, String title, String text, String source, List<String> entityIds, String batchId,
                      String topic, Trust trust) {
        this(id, title, text, source, entityIds, batchId, topic, ZH, "", trust);
    }

    /** A curated passage in the given language (tests and fixtures: every loaded passage names its batch's trust). */
    public PassageDoc(String id, String title, String text, String source, List<String> entityIds, String batchId,
                      String topic, String lang, String translationOf) {
        this(id, title, text, source, entityIds, batchId, topic, lang, translationOf, Trust.CURATED);
    }

    /** A curated Chinese passage that translates nothing. */
    public PassageDoc(String id, String title, String text, String source, List<String> entityIds, String batchId,
                      String topic) {
        this(id, title, text, source, entityIds, batchId, topic, ZH, "", Trust.CURATED);
    }
}
