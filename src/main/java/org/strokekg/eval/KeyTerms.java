package org.strokekg.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.strokekg.search.EntityIndex;
import org.strokekg.search.EntityMention;
import org.strokekg.text.TextNormalizer;

/**
 * The key entities of a text and whether another text names them. A reference answer's key entities are the graph
 * entities the linker finds in it by name or alias (fuzzy near-misses left out). A text names an entity when one of
 * the entity's folded names or aliases occurs in the folded text (either script, any case), a Latin name on word
 * boundaries and a one-character Chinese name never (it would match inside other words): what a reader sees, not
 * ids, sources or JSON.
 */
final class KeyTerms {

    private final EntityIndex entities;

    KeyTerms(EntityIndex entities) {
        this.entities = entities;
    }

    /** The entities the text names by name or alias, in order. */
    Set<String> keyEntities(String text) {
        Set<String> ids = new LinkedHashSet<>();
        for (EntityMention m : entities.link(text)) {
            if (m.how() != EntityMention.How.FUZZY) {
                ids.add(m.entityId());
            }
        }
        return ids;
    }

    /** Whether the folded text names the entity. */
    boolean named(String entityId, String foldedText) {
        for (String key : entities.names(entityId).orElse(List.of())) {
            if (occurs(foldedText, key)) {
                return true;
            }
        }
        return false;
    }

    /** The share of {@code ids} the folded text names; 0 for none asked. */
    double recall(Set<String> ids, String foldedText) {
        if (ids.isEmpty()) {
            return 0;
        }
        return (double) ids.stream().filter(id -> named(id, foldedText)).count() / ids.size();
    }

    static String fold(String text) {
        return TextNormalizer.forMatching(text);
    }

    /** {@code key} (folded) in {@code text} (folded): Latin keys on word boundaries, one Han character never. */
    static boolean occurs(String text, String key) {
        if (key.isBlank() || (key.length() == 1 && Character.isIdeographic(key.charAt(0)))) {
            return false;
        }
        boolean latinStart = isWord(key.charAt(0));
        boolean latinEnd = isWord(key.charAt(key.length() - 1));
        int from = 0;
        while (true) {
            int at = text.indexOf(key, from);
            if (at < 0) {
                return false;
            }
            int end = at + key.length();
            boolean leftOk = !latinStart || at == 0 || !isWord(text.charAt(at - 1));
            boolean rightOk = !latinEnd || end == text.length() || !isWord(text.charAt(end));
            if (leftOk && rightOk) {
                return true;
            }
            from = at + 1;
        }
    }

    private static boolean isWord(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
