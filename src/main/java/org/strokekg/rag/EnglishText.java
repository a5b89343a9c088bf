package org.strokekg.rag;

import java.util.Optional;
import org.strokekg.graph.Entity;

/**
 * English text of the knowledge for English answers: an entity's English description, which every curated entity
 * has (a crawl's entities have none: an English answer then names the description as untranslated instead of pasting
 * Chinese into an English sentence).
 */
final class EnglishText {

    private EnglishText() {
    }

    static Optional<String> description(Entity e) {
        return e.descriptionEn().isBlank() ? Optional.empty() : Optional.of(e.descriptionEn());
    }
}
