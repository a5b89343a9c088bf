package org.strokekg.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.strokekg.trust.Trust;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one retrieval seam: what a question names (entity linking) and the passages for a question and the entities it
 * is about. The answer pipeline and the LangChain4j {@link PassageRetriever} both go through it, so a question links
 * and retrieves the same way whichever door it comes in by.
 */
public final class Retrieval {

    private static final Pattern ENGLISH_WORD = Pattern.compile("[A-Za-z][A-Za-z-]{5,}");
    /** Longer English words of questions that are no entity's name even when some alias contains them. */
    private static final Set<String> ENGLISH_STOP = Set.of("should", "people", "patient", "patients", "before", "after",
            "really", "please", "doctor", "doctors", "happen", "happens", "between", "during", "without", "normal",
            "affected", "related", "changes", "genetic", "treatments", "symptoms", "causes", "inherited", "outlook",
            "research", "clinical", "trials", "information", "diagnose", "prevent", "following",
            // words every other alias contains: "recovery" is no reason to link "recovery position"
            "recovery", "recover", "therapy", "treatment", "training", "assessment", "management", "position",
            "support", "activity", "disease", "disorder", "syndrome", "injury", "failure", "pressure", "function",
            "muscle", "muscles", "problem", "problems", "prevention", "condition", "chronic", "severe", "sudden",
            // everyday words that end some alias: "does stroke affect memory" is not pseudobulbar affect, "what does the
            // scale measure" not the Functional Independence Measure, "brain damage" not internal capsule damage
            "affect", "measure", "measures", "measurement", "attack", "accident", "adults", "approach", "agents",
            "center", "chinese", "culture", "cultures", "damage", "decline", "department", "episodes", "exchange",
            "handling", "intake", "lowering", "practice", "products", "profile", "program", "programme", "protection",
            "reduction", "region", "relief", "removal", "services", "stages", "system", "testing", "transfer",
            "screening", "monitor", "monitoring", "modification", "posture", "elevation", "deviation", "closure",
            "compression", "thoughts", "concentrate", "residual", "category", "battery", "grading");

    private final EntityIndex entities;
    private final PassageIndex passages;

    public Retrieval(EntityIndex entities, PassageIndex passages) {
        this.entities = entities;
        this.passages = passages;
    }

    public EntityIndex entities() {
        return entities;
    }

    /**
     * The entities a question names ({@link EntityIndex#link}). English aliases are often several words ("intravenous
     * thrombolysis") while a question uses one of them ("thrombolysis"): in an English question, a longer word the
     * linker did not cover is looked up as a whole word of an alias.
     */
    public List<EntityMention> link(String question) {
        List<EntityMention> mentions = new ArrayList<>(entities.link(question));
        if (!isEnglish(question)) {
            return mentions;
        }
        Matcher m = ENGLISH_WORD.matcher(question);
        while (m.find()) {
            int start = m.start();
            boolean covered = mentions.stream().anyMatch(x -> x.start() <= start && start < x.end());
            String word = m.group().toLowerCase(Locale.ROOT);
            if (covered || ENGLISH_STOP.contains(word)) {
                continue;
            }
            // only the head word of a short alias ("thrombolysis" of "intravenous thrombolysis"), and only when it
            // names one or two entities: a word inside a name ("receptor" of "angiotensin receptor blocker",
            // "history" of "family history of stroke") or the head of many ("hemorrhage") names none of them
            List<EntityHit> heads = entities.search(word, Optional.empty(), 5).stream()
                    .filter(h -> h.match() != EntityHit.Match.FUZZY && headOf(word, h.matchedKey()))
                    .toList();
            if (heads.isEmpty() || heads.stream().map(h -> h.entity().id()).distinct().count() > 2) {
                continue;
            }
            EntityHit h = heads.get(0);
            mentions.add(new EntityMention(h.entity().id(), h.entity().type(), h.entity().name(), m.group(), start,
                    m.end(), EntityMention.How.FUZZY, 0.7));
        }
        mentions.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return mentions;
    }

    /** Passages for {@code text}, boosted by and searching the names of {@code entityIds} ({@link PassageQuery#linked}). */
    public List<PassageHit> passages(String text, Collection<String> entityIds, int k, PassageQuery.Mode mode) {
        return passages(text, entityIds, k, mode, Trust.UNREVIEWED);
    }

    /**
     * The same, for an answer that may state passages down to {@code minTrust}: the k best and, when they are not the
     * same, the k best of that level ({@link PassageQuery#minTrust}).
     */
    public List<PassageHit> passages(String text, Collection<String> entityIds, int k, PassageQuery.Mode mode,
                                     Trust minTrust) {
        if (k == 0) {
            return List.of();
        }
        return passages.search(PassageQuery.linked(text, entityIds, entities, k, mode).withMinTrust(minTrust));
    }

    /** {@code word} is the last of the two or three words of {@code key} (a folded alias). */
    static boolean headOf(String word, String key) {
        String[] words = key.split("[^a-z0-9]+");
        return words.length >= 2 && words.length <= 3 && words[words.length - 1].equals(word);
    }

    /** A question with no CJK character and a few Latin letters is English. */
    public static boolean isEnglish(String question) {
        long han = question.codePoints().filter(Character::isIdeographic).count();
        long latin = question.codePoints().filter(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')).count();
        return han == 0 && latin >= 3;
    }
}
