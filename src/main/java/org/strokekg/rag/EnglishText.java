package org.strokekg.rag;

import java.util.Optional;
import org.strokekg.graph.Entity;

/**
 * English text of the knowledge for English answers: an entity's English description, when the curated knowledge
 * gives one. Until entities carry English descriptions, there is none, and an English answer names the description
 * as untranslated instead of pasting Chinese into an English sentence.
 */
final class EnglishText {

    private EnglishText() {
    }

    static Optional<String> description(Entity e) {
        return Optional.empty();
    }
}
